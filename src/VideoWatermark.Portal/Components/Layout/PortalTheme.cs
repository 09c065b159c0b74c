using MudBlazor;

namespace VideoWatermark.Portal.Components.Layout;

public static class PortalTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f2a44",
            Secondary = "#ff7a45",
            Tertiary = "#3d8bfd",
            AppbarBackground = "#1f2a44",
            Background = "#f4f6fb",
            Success = "#2e9e6a",
            Error = "#d64545",
            Warning = "#e6a23c",
            Info = "#3d8bfd",
        },
        // Buttons show file and watermark names; upper-casing them would misstate those names.
        Typography = new Typography { Button = new ButtonTypography { TextTransform = "none" } },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "10px" },
    };
}
