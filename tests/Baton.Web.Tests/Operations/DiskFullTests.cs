using System.Net;
using System.Net.Http.Headers;
using Baton.Web.Tests.Infrastructure;

namespace Baton.Web.Tests.Operations;

/// <summary>
/// The data directory on a small file system that fills up (test.sh mounts a 4 MB tmpfs): an upload that does not
/// fit is answered 503 and leaves nothing behind, and /health/ready tells an operator.
/// </summary>
public sealed class DiskFullTests : IAsyncDisposable
{
    private readonly string _dataDirectory;
    private readonly BatonAppFactory _app = new();

    public DiskFullTests()
    {
        _dataDirectory = SmallDiskFactAttribute.Path is { } disk ? Path.Combine(disk, Guid.NewGuid().ToString("N")) : _app.DataDirectory;
        _app.Settings["Baton:DataDirectory"] = _dataDirectory;
        // The SQLite file stays on the ordinary disk: this is about the attachments' directory filling up.
        _app.Settings["Database:SqlitePath"] = Path.Combine(_app.DataDirectory, "db", "baton.db");
    }

    [SmallDiskFact]
    public async Task Upload_ThatDoesNotFitOnTheDisk_Answers503WithRetryAfter_LeavesNoPartialFile_AndTheNextUploadWorks()
    {
        SmallDiskFactAttribute.Require();
        var api = await _app.ApiAsNewAgentAsync();
        var ticket = await BatonAppFactory.OpenIncidentAsync(api, await _app.CreateClientAsync());

        var tooBig = await UploadAsync(api, ticket.Number, new byte[6 * 1024 * 1024]);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, tooBig.StatusCode);
        Assert.NotNull(tooBig.Headers.RetryAfter);
        Assert.Contains("disk is full", await tooBig.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_dataDirectory, "attachments"), "*", SearchOption.AllDirectories));

        var small = await UploadAsync(api, ticket.Number, new byte[100 * 1024]);
        Assert.Equal(HttpStatusCode.Created, small.StatusCode);
    }

    [SmallDiskFact]
    public async Task Ready_ReportsADataDirectoryThatCannotBeWritten_AndRecoversWhenSpaceIsBack()
    {
        SmallDiskFactAttribute.Require();
        using var http = _app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);

        var filler = Path.Combine(_dataDirectory, "filler");
        await FillAsync(filler);
        var full = await http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, full.StatusCode);

        File.Delete(filler);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Start_SweepsPartialUploadFilesLeftByAnEarlierRun_AndKeepsRecentOnes()
    {
        var month = Directory.CreateDirectory(Path.Combine(_dataDirectory, "attachments", "2026", "11")).FullName;
        var leftover = Path.Combine(month, Guid.NewGuid().ToString("N") + ".partial");
        var recent = Path.Combine(month, Guid.NewGuid().ToString("N") + ".partial");
        var stored = Path.Combine(month, Guid.NewGuid().ToString("N"));
        foreach (var file in new[] { leftover, recent, stored })
        {
            await File.WriteAllBytesAsync(file, new byte[1024]);
        }

        File.SetLastWriteTimeUtc(leftover, TimeProvider.System.GetUtcNow().UtcDateTime.AddHours(-1));
        File.SetLastWriteTimeUtc(stored, TimeProvider.System.GetUtcNow().UtcDateTime.AddHours(-1));
        _ = _app.Services;

        await Eventually.HoldsAsync(() => !File.Exists(leftover), "the partial file from an earlier run is swept at start");
        Assert.False(File.Exists(leftover), "a partial file from an earlier run is swept at start");
        Assert.True(File.Exists(recent), "a partial file another instance may still be writing is kept");
        Assert.True(File.Exists(stored), "a stored attachment is never touched");
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient api, string number, byte[] bytes)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", "dump.bin");
        return await api.PostAsync($"/api/v1/tickets/{number}/attachments", form);
    }

    /// <summary>Writes until the file system says it is full.</summary>
    private static async Task FillAsync(string path)
    {
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0); // unbuffered: nothing left to flush
        var block = new byte[64 * 1024];
        try
        {
            for (var i = 0; i < 1000; i++)
            {
                await file.WriteAsync(block);
                await file.FlushAsync();
            }
        }
        catch (IOException)
        {
            return; // full
        }

        Assert.Fail("the small disk never filled");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        if (SmallDiskFactAttribute.Path is not null && Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}
