using ModelMint.Server.Accounts;
using ModelMint.Server.Billing;
using ModelMint.Server.Datasets;
using ModelMint.Server.Health;
using ModelMint.Server.Hosting;
using ModelMint.Server.Keys;
using ModelMint.Server.Marketplace;
using ModelMint.Server.Models;
using ModelMint.Server.Predictions;
using ModelMint.Server.Problems;
using ModelMint.Server.Training;
using ModelMint.Server.Usage;
using ModelMint.Server.Webhooks;

var builder = WebApplication.CreateBuilder(args);
builder.AddModelMintHosting(args);
builder.AddModelMintData();
builder.AddModelMintProblems();
builder.AddModelMintAccounts();
builder.AddModelMintDatasets();
builder.AddModelMintTraining();
builder.AddModelMintModels();
builder.AddModelMintPredictions();
builder.AddModelMintUsage();
builder.AddModelMintMarketplace();
builder.AddModelMintWebhooks();

var app = builder.Build();
app.UseModelMintProblems();
app.UseModelMintApiReference();
app.UseAuthentication();
app.UseAuthorization();
app.UseRequestBodyLimits();
app.MapHealthEndpoints();
app.MapKeyEndpoints();
app.MapDatasetEndpoints();
app.MapTrainingEndpoints();
app.MapModelEndpoints();
app.MapPredictionEndpoints();
app.MapUsageEndpoints();
app.MapListingEndpoints();
app.MapBillingEndpoints();
app.MapWebhookEndpoints();
app.Run();

/// <summary>Visible to <c>WebApplicationFactory&lt;Program&gt;</c> in the tests.</summary>
public partial class Program;
