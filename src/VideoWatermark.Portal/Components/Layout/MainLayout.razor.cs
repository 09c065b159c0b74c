using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using MudBlazor;

namespace VideoWatermark.Portal.Components.Layout;

public partial class MainLayout : IDisposable
{
    /// <summary>
    /// The app bar's destinations. The upload page's link is "./", not "": MudButton renders a plain
    /// <c>&lt;button&gt;</c> (no link, no navigation) when its Href is empty.
    /// </summary>
    internal static readonly IReadOnlyList<NavSection> Sections =
    [
        new("./", "", "Upload", Icons.Material.Filled.CloudUpload),
        new("jobs", "jobs", "Jobs", Icons.Material.Filled.ViewList),
        new("watermarks", "watermarks", "Watermarks", Icons.Material.Filled.Layers),
        new("templates", "templates", "Templates", Icons.Material.Filled.Dashboard),
        new("workers", "workers", "Workers", Icons.Material.Filled.Memory),
    ];

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    /// <summary>False while the page is only prerendered; true once the circuit runs it (events work from then on).</summary>
    private bool interactive;

    protected override void OnInitialized() => Navigation.LocationChanged += OnLocationChanged;

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            interactive = true;
            StateHasChanged();
        }
    }

    private bool IsActive(NavSection section)
    {
        var path = Navigation.ToBaseRelativePath(Navigation.Uri).Split('?', '#')[0];
        return section.Path.Length == 0
            ? path.Length == 0
            : path == section.Path || path.StartsWith(section.Path + "/", StringComparison.Ordinal);
    }

    private void OnLocationChanged(object? sender, LocationChangedEventArgs e) => InvokeAsync(StateHasChanged);

    public void Dispose() => Navigation.LocationChanged -= OnLocationChanged;

    /// <param name="Href">The link's target, relative to the base address.</param>
    /// <param name="Path">The base-relative path the section is active on ("" for the upload page).</param>
    internal sealed record NavSection(string Href, string Path, string Label, string Icon);
}
