using System;
using System.Collections.Generic;
using System.Linq;

namespace DragonflyMigration.Engine.Tests.StandIn
{
    /// <summary>What a reply is, not what it says: the kinds a client library tells apart.</summary>
    internal enum ShapeKind
    {
        /// <summary>Simple, bulk and verbatim strings alike: clients read them the same way.</summary>
        String,
        Integer,
        Double,
        Boolean,
        Error,
        Null,
        Array,

        /// <summary>A RESP3 map; its items hold keys and values in turn.</summary>
        Map,
    }

    /// <summary>
    /// The shape of one reply, read from a capture's redis-cli text or from the wire. The scalar
    /// text is kept for messages and for the few facts a test reads from a capture (an error's
    /// code, EXISTS's count), never compared whole.
    /// </summary>
    internal sealed class ReplyShape
    {
        public ReplyShape(ShapeKind kind, string? text = null, IReadOnlyList<ReplyShape>? items = null)
        {
            Kind = kind;
            Text = text;
            Items = items ?? Array.Empty<ReplyShape>();
        }

        public ShapeKind Kind { get; }

        public string? Text { get; }

        public IReadOnlyList<ReplyShape> Items { get; }

        /// <summary>Elements of an array, entries of a map.</summary>
        public int Arity => Kind == ShapeKind.Map ? Items.Count / 2 : Items.Count;

        /// <summary>An error's code: its first word (ERR, READONLY, EXECABORT, LOADING...).</summary>
        public string ErrorCode => (Text ?? string.Empty).Split(' ')[0];

        public static ReplyShape Of(Resp reply) => reply.Marker switch
        {
            '+' or '=' => new ReplyShape(ShapeKind.String, reply.AsText()),
            '$' => reply.Bulk == null ? new ReplyShape(ShapeKind.Null) : new ReplyShape(ShapeKind.String, reply.AsText()),
            '-' or '!' => new ReplyShape(ShapeKind.Error, reply.AsText()),
            ':' or '(' => new ReplyShape(ShapeKind.Integer, reply.AsText()),
            ',' => new ReplyShape(ShapeKind.Double, reply.AsText()),
            '#' => new ReplyShape(ShapeKind.Boolean, reply.AsText()),
            '_' => new ReplyShape(ShapeKind.Null),
            '%' => new ReplyShape(ShapeKind.Map, null, reply.Items!.Select(Of).ToList()),
            _ => reply.Items == null ? new ReplyShape(ShapeKind.Null) : new ReplyShape(ShapeKind.Array, null, reply.Items.Select(Of).ToList()),
        };

        /// <summary>Kinds and arities, nested, with error texts: <c>array(2)[string, array(0)]</c>.</summary>
        public override string ToString() => Kind switch
        {
            ShapeKind.Error => $"error \"{Text}\"",
            ShapeKind.Array => $"array({Arity})[{string.Join(", ", Items)}]",
            ShapeKind.Map => $"map({Arity})[{string.Join(", ", Enumerable.Range(0, Arity).Select(i => $"{Items[2 * i]} => {Items[2 * i + 1]}"))}]",
            _ => Kind.ToString().ToLowerInvariant(),
        };
    }
}
