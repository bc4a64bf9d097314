using MudBlazor;

namespace ModelMint.Server.Portal;

/// <summary>The portal's colours; fonts are the system's (no web fonts are fetched from anywhere).</summary>
public static class PortalTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight { Primary = "#00796b", Secondary = "#5c6bc0", AppbarBackground = "#00695c" },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Noto Sans", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "sans-serif"] },
        },
    };
}
