namespace ModelMint.Server.Portal;

/// <summary>
/// The portal's language: English or Simplified Chinese, chosen with the switcher and kept in a cookie. Strings live in
/// <see cref="PortalText"/>, a typed table, so a missing translation is a compile error rather than a blank label.
/// </summary>
public static class PortalLanguage
{
    public const string CookieName = "mm_lang";
    public const string English = "en";
    public const string Chinese = "zh";

    public static string Normalize(string? language) => language == Chinese ? Chinese : English;

    public static string FromRequest(HttpContext context) => Normalize(context.Request.Cookies[CookieName]);

    /// <summary>The value of the page's <c>lang</c> attribute.</summary>
    public static string HtmlLang(string language) => language == Chinese ? "zh-Hans" : "en";
}
