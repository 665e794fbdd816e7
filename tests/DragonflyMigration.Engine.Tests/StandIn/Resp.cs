using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace DragonflyMigration.Engine.Tests.StandIn
{
    /// <summary>
    /// One RESP2 or RESP3 value, as the stand-in reads and writes it (clients may say HELLO 3). The
    /// wire marker is kept, so a value is written back as it came. Bulk strings stay bytes.
    /// </summary>
    internal sealed class Resp
    {
        public enum Type { Simple, Error, Integer, Bulk, Array, Null }

        private Resp(char marker, string? text, byte[]? bulk, IReadOnlyList<Resp>? items)
        {
            Marker = marker;
            Text = text;
            Bulk = bulk;
            Items = items;
        }

        /// <summary>The RESP type byte: + - : $ * and RESP3's % ~ > _ , # ( = !.</summary>
        public char Marker { get; }

        public Type Kind => Marker switch
        {
            '+' => Type.Simple,
            '-' => Type.Error,
            '!' => Type.Error,
            ':' => Type.Integer,
            '$' => Bulk == null ? Type.Null : Type.Bulk,
            '=' => Type.Bulk,
            '*' => Items == null ? Type.Null : Type.Array,
            '%' => Type.Array,
            '~' => Type.Array,
            '>' => Type.Array,
            '_' => Type.Null,
            _ => Type.Simple,
        };

        /// <summary>A line value's text (simple string, error, number, double, boolean).</summary>
        public string? Text { get; }

        /// <summary>A bulk or verbatim string's bytes; null for a nil bulk.</summary>
        public byte[]? Bulk { get; }

        /// <summary>An aggregate's elements (a map's keys and values alternate); null for a nil array.</summary>
        public IReadOnlyList<Resp>? Items { get; }

        public static Resp Simple(string text) => new Resp('+', text, null, null);

        public static Resp Error(string text) => new Resp('-', text, null, null);

        public static Resp BulkOf(string text) => new Resp('$', null, Encoding.UTF8.GetBytes(text), null);

        public static Resp BulkOf(byte[]? bytes) => new Resp('$', null, bytes, null);

        public static Resp ArrayOf(IEnumerable<Resp>? items) => new Resp('*', null, null, items?.ToList());

        /// <summary>A null reply as a whole: RESP3's <c>_</c>, RESP2's nil array.</summary>
        public static Resp Nil(bool resp3) => resp3 ? new Resp('_', string.Empty, null, null) : new Resp('*', null, null, null);

        internal static Resp Line(char marker, string text) => new Resp(marker, text, null, null);

        internal static Resp Blob(char marker, byte[]? bytes) => new Resp(marker, null, bytes, null);

        internal static Resp Aggregate(char marker, IReadOnlyList<Resp>? items) => new Resp(marker, null, null, items);

        /// <summary>The same kind of value with other text: a verbatim string keeps its format prefix.</summary>
        public Resp WithText(string text)
        {
            if (Marker != '=') return BulkOf(text);
            var current = AsText();
            var prefix = current.Length >= 4 && current[3] == ':' ? current.Substring(0, 4) : "txt:";
            return Blob('=', Encoding.UTF8.GetBytes(prefix + text));
        }

        /// <summary>The value as text: a bulk's bytes as UTF-8 (a verbatim string without its format prefix).</summary>
        public string AsText()
        {
            if (Bulk == null) return Text ?? string.Empty;
            var text = Encoding.UTF8.GetString(Bulk);
            return Marker == '=' && text.Length >= 4 && text[3] == ':' ? text.Substring(4) : text;
        }

        /// <summary>A command's words.</summary>
        public IReadOnlyList<string> Words => Items?.Select(i => i.AsText()).ToList() ?? new List<string>();

        public void WriteTo(Stream stream)
        {
            switch (Marker)
            {
                case '$':
                case '=':
                case '!':
                    if (Bulk == null) { Line(stream, Marker + "-1"); break; }
                    Line(stream, Marker + Bulk.Length.ToString(CultureInfo.InvariantCulture));
                    stream.Write(Bulk, 0, Bulk.Length);
                    Line(stream, string.Empty);
                    break;
                case '*':
                case '~':
                case '>':
                case '%':
                    if (Items == null) { Line(stream, Marker + "-1"); break; }
                    var count = Marker == '%' ? Items.Count / 2 : Items.Count;
                    Line(stream, Marker + count.ToString(CultureInfo.InvariantCulture));
                    foreach (var item in Items) item.WriteTo(stream);
                    break;
                default:
                    Line(stream, Marker + (Text ?? string.Empty));
                    break;
            }
        }

        private static void Line(Stream stream, string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text + "\r\n");
            stream.Write(bytes, 0, bytes.Length);
        }

        public override string ToString() => Items != null ? "[" + string.Join(" ", Items.Select(i => i.ToString())) + "]" : AsText();
    }

    /// <summary>Reads RESP2 and RESP3 values (and inline commands) from a stream, one at a time.</summary>
    internal sealed class RespReader
    {
        private readonly Stream _stream;
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _start;
        private int _end;

        public RespReader(Stream stream) => _stream = stream;

        /// <summary>The next value, or null when the stream ended cleanly between values.</summary>
        public async Task<Resp?> ReadAsync(CancellationToken cancellationToken)
        {
            var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line == null) return null;
            if (line.Length == 0) return await ReadAsync(cancellationToken).ConfigureAwait(false);
            var rest = line.Substring(1);
            var marker = line[0];
            switch (marker)
            {
                case '+':
                case '-':
                case ':':
                case ',':
                case '#':
                case '(':
                case '_':
                    return Resp.Line(marker, rest);
                case '$':
                case '=':
                case '!':
                    var length = int.Parse(rest, CultureInfo.InvariantCulture);
                    if (length < 0) return Resp.Blob(marker, null);
                    var bytes = await ReadExactAsync(length + 2, cancellationToken).ConfigureAwait(false);
                    return Resp.Blob(marker, bytes.Take(length).ToArray());
                case '*':
                case '~':
                case '>':
                case '%':
                    var count = int.Parse(rest, CultureInfo.InvariantCulture);
                    if (count < 0) return Resp.Aggregate(marker, null);
                    if (marker == '%') count *= 2;
                    var items = new List<Resp>(count);
                    for (var i = 0; i < count; i++) items.Add(await ReadAsync(cancellationToken).ConfigureAwait(false) ?? throw new EndOfStreamException());
                    return Resp.Aggregate(marker, items);
                default:
                    // An inline command (PING\r\n), as probes and telnet send them.
                    return Resp.ArrayOf(line.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries).Select(Resp.BulkOf));
            }
        }

        private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                for (var i = _start; i + 1 < _end; i++)
                {
                    if (_buffer[i] == '\r' && _buffer[i + 1] == '\n')
                    {
                        var text = Encoding.UTF8.GetString(_buffer, _start, i - _start);
                        _start = i + 2;
                        return text;
                    }
                }
                if (!await FillAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (_end == _start) return null;
                    throw new EndOfStreamException();
                }
            }
        }

        private async Task<byte[]> ReadExactAsync(int count, CancellationToken cancellationToken)
        {
            var result = new byte[count];
            var filled = 0;
            while (filled < count)
            {
                if (_end == _start && !await FillAsync(cancellationToken).ConfigureAwait(false)) throw new EndOfStreamException();
                var take = Math.Min(count - filled, _end - _start);
                Buffer.BlockCopy(_buffer, _start, result, filled, take);
                _start += take;
                filled += take;
            }
            return result;
        }

        private async Task<bool> FillAsync(CancellationToken cancellationToken)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            if (_end == _buffer.Length) throw new InvalidDataException("A RESP line longer than the stand-in's buffer.");
            var read = await _stream.ReadAsync(_buffer, _end, _buffer.Length - _end, cancellationToken).ConfigureAwait(false);
            if (read == 0) return false;
            _end += read;
            return true;
        }

        /// <summary>Bytes already read from the stream but not yet parsed (handed on when a connection turns into a raw pipe).</summary>
        public ArraySegment<byte> Unparsed => new ArraySegment<byte>(_buffer, _start, _end - _start);
    }
}
