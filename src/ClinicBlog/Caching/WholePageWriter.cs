using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace ClinicBlog.Caching;

/// <summary>Writes a rendered page to the response in one piece rather than in 16 KB parts.</summary>
/// <remarks>
/// MVC's writer holds 16 K characters: an article page with its thread (40 KB) went out in three writes, each one a
/// flush and a send. 64 K characters, from the shared pools, holds any page this site renders.
/// </remarks>
internal sealed class WholePageWriter : IHttpResponseStreamWriterFactory
{
    private const int BufferSize = 64 * 1024;

    public TextWriter CreateWriter(Stream stream, Encoding encoding) =>
        new HttpResponseStreamWriter(stream, encoding, BufferSize, ArrayPool<byte>.Shared, ArrayPool<char>.Shared);
}
