using VideoWatermark.Portal;

var builder = WebApplication.CreateBuilder(args);
builder.AddPortalServices();

var app = builder.Build();
app.MapPortal();
app.Run();

/// <summary>The entry point, public so the tests can host the portal.</summary>
public partial class Program;
