using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Endpoints;

namespace DragonflyMigration.Engine.Connections
{
    /// <summary>
    /// Plain socket checks that tell apart failures the client library reports alike: a name that
    /// does not resolve, a refused port, a host that never answers, and a port that speaks TLS
    /// where plain text was expected (or the reverse).
    /// </summary>
    internal static class TcpProbe
    {
        internal enum Reach { Open, HostNotFound, Refused, Unreachable }

        internal enum Speech
        {
            PlainRedis,
            /// <summary>Closed or answered something else: typically a TLS port given plain text.</summary>
            Hangup,
            /// <summary>Accepted the connection and said nothing within the time allowed.</summary>
            Silent,
        }

        /// <summary>Whether a TCP connection opens, and the addresses the host name resolved to.</summary>
        internal static async Task<(Reach Reach, IPAddress[] Addresses)> ConnectAsync(NodeEndpoint endpoint, TimeSpan timeout, CancellationToken cancellationToken)
        {
            IPAddress[] addresses;
            try
            {
                addresses = IPAddress.TryParse(endpoint.Host, out var literal)
                    ? new[] { literal }
                    : await WithTimeout(Dns.GetHostAddressesAsync(endpoint.Host), timeout, cancellationToken).ConfigureAwait(false) ?? Array.Empty<IPAddress>();
            }
            catch (SocketException)
            {
                return (Reach.HostNotFound, Array.Empty<IPAddress>());
            }
            if (addresses.Length == 0) return (Reach.HostNotFound, addresses);

            var reach = Reach.Unreachable;
            foreach (var address in addresses.OrderBy(a => a.AddressFamily == AddressFamily.InterNetworkV6 ? 1 : 0))
            {
                using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    var connected = await WithTimeout(ConnectTask(socket, address, endpoint.Port), timeout, cancellationToken).ConfigureAwait(false);
                    if (connected) return (Reach.Open, addresses);
                }
                catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
                {
                    reach = Reach.Refused;
                }
                catch (SocketException)
                {
                    // No route, network down, host unreachable: try the next address.
                }
            }
            return (reach, addresses);
        }

        /// <summary>Sends a plain-text PING and reports whether a Redis reply came back.</summary>
        internal static async Task<Speech> SpeaksPlainRedisAsync(NodeEndpoint endpoint, TimeSpan timeout, CancellationToken cancellationToken)
        {
            try
            {
                using var client = new TcpClient(IPAddress.TryParse(endpoint.Host, out var a) ? a.AddressFamily : AddressFamily.InterNetwork);
                if (!await WithTimeout(ConnectTask(client.Client, endpoint), timeout, cancellationToken).ConfigureAwait(false)) return Speech.Silent;
                var stream = client.GetStream();
                var ping = Encoding.ASCII.GetBytes("PING\r\n");
                await stream.WriteAsync(ping, 0, ping.Length, cancellationToken).ConfigureAwait(false);
                var buffer = new byte[64];
                var read = stream.ReadAsync(buffer, 0, buffer.Length, cancellationToken);
                var answered = await WithTimeout(read.ContinueWith(t => true, TaskScheduler.Default), timeout, cancellationToken).ConfigureAwait(false);
                if (!answered) return Speech.Silent;
                var count = read.Status == TaskStatus.RanToCompletion ? read.Result : 0;
                return count > 0 && (buffer[0] == (byte)'+' || buffer[0] == (byte)'-') ? Speech.PlainRedis : Speech.Hangup;
            }
            catch (Exception ex) when (ex is SocketException || ex is System.IO.IOException || ex is ObjectDisposedException)
            {
                return Speech.Hangup;
            }
        }

        private static async Task<bool> ConnectTask(Socket socket, IPAddress address, int port)
        {
            await Task.Factory.FromAsync(socket.BeginConnect, socket.EndConnect, (EndPoint)new IPEndPoint(address, port), null).ConfigureAwait(false);
            return true;
        }

        private static async Task<bool> ConnectTask(Socket socket, NodeEndpoint endpoint)
        {
            await Task.Factory.FromAsync(socket.BeginConnect, socket.EndConnect, endpoint.Host, endpoint.Port, null).ConfigureAwait(false);
            return true;
        }

        private static async Task<T?> WithTimeout<T>(Task<T> task, TimeSpan timeout, CancellationToken cancellationToken)
        {
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timer.CancelAfter(timeout);
            var gate = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (timer.Token.Register(() => gate.TrySetResult(true)))
            {
                if (await Task.WhenAny(task, gate.Task).ConfigureAwait(false) != task)
                {
                    _ = task.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                    cancellationToken.ThrowIfCancellationRequested();
                    return default;
                }
            }
            return await task.ConfigureAwait(false);
        }
    }
}
