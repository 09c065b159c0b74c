namespace VideoWatermark.Testing.Media;

/// <summary>
/// A real arithmetic-coded JPEG (32x24, libjpeg-turbo's <c>cjpeg -arithmetic</c> of a testsrc2 frame). Skia decodes
/// it and ffmpeg's JPEG decoder does not, and no Debian package the suite installs can write one, so its bytes are here.
/// </summary>
public static class ArithmeticJpeg
{
    public const int Width = 32;

    public const int Height = 24;

    private const string Base64 =
        "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgNDRgyIRwhMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjL/yQARCAAYACADASIAAhEBAxEB/8wACgAQEAUBEBEF/9oADAMBAAIRAxEAPwD/ALp++nu4Bz3x5+9bTpHgKRLKpZ6JBWubip8hevcVzWT65WkUgUmSmKXZ/CJ/2R+1MFs93mC0SfAcISM5esB8febDbvgrB3Wz2JKP3y5B+upgwisf/MJW77UKPS/ScEoFcFbm4NlFxmCL55k3auVQu6KvwKEjhmcVcAVk0s05GOjpq631nkleyvQXng49rCJwhGRtjTWxpwUgx61pWemXfOsJDuWGPIchWgrzmWcj49lIz5mnnbLgvS7gFRqmy0kxAVWfxs3phwTErFA82stopWaAe8uKlbfa/dsWJEDEE0tZ2thY6GcCMSGxSA5aNUWRNJBDD4k8oS/oSoxjIMZE7/Osruxf4SFsQQe+nQsbdG3AEW4zEdTHQHK23QYaXj+5fZp6MY1R43jsyT+u9rmWDm8Z9dy99TE8Ms9B37N02Bw0vhPfw9WiKrUlIg1TpKohUIs2dd3v3WB+DIKd1ZnhxMvo+SMt3vLeuXGVS3bsBYLQ/9k=";

    public static byte[] Bytes() => Convert.FromBase64String(Base64);

    public static string Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllBytes(path, Bytes());
        return path;
    }
}
