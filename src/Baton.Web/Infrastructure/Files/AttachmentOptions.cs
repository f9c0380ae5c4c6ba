namespace Baton.Web.Infrastructure.Files;

/// <summary>Limits on attached files, read by the request body limit as well as by each record that takes attachments.</summary>
public sealed class AttachmentOptions
{
    /// <summary>Largest file accepted, in bytes (Attachments:MaxBytes). Default 10 MiB.</summary>
    public long MaxBytes { get; set; } = 10 * 1024 * 1024;
}
