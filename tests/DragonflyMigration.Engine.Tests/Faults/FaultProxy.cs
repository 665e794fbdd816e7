using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Endpoints;

namespace DragonflyMigration.Engine.Tests.Faults
{
    /// <summary>
    /// A TCP proxy for fault tests: one loopback listener forwarding to one upstream, with a delay per
    /// direction and a <see cref="ProxyMode"/> the test switches. The delay is a delay line, not a
    /// throttle: each chunk read is written out once its delay has passed since it was read, in order,
    /// so a round trip through the proxy takes both delays and throughput is not limited.
    /// </summary>
    internal sealed class FaultProxy : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly ConcurrentDictionary<Link, bool> _links = new ConcurrentDictionary<Link, bool>();
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly object _gate = new object();
        private NodeEndpoint? _upstream;
        private ProxyMode _mode = ProxyMode.Pass;
        private long _toUpstreamTicks;
        private long _toClientTicks;
        private int _accepted;

        private FaultProxy(string name, TcpListener listener)
        {
            Name = name;
            _listener = listener;
            Endpoint = new NodeEndpoint("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port);
        }

        /// <summary>Which pair of parties the proxy stands between, for messages.</summary>
        public string Name { get; }

        /// <summary>Where its clients connect.</summary>
        public NodeEndpoint Endpoint { get; }

        /// <summary>Connections accepted so far (a test can check traffic really went through it).</summary>
        public int Accepted => Volatile.Read(ref _accepted);

        public ProxyMode Mode
        {
            get { lock (_gate) return _mode; }
        }

        /// <summary>
        /// Listens at once, so its port can go into the configuration of the server behind it (an
        /// announced address); forwarding starts with <see cref="ForwardTo"/>.
        /// </summary>
        public static FaultProxy Listen(string name)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return new FaultProxy(name, listener);
        }

        public FaultProxy ForwardTo(NodeEndpoint upstream)
        {
            if (Interlocked.CompareExchange(ref _upstream, upstream, null) != null) throw new InvalidOperationException($"{Name} already forwards to {_upstream}.");
            _ = Task.Run(AcceptAsync);
            return this;
        }

        /// <summary>Each direction delays by half of <paramref name="roundTrip"/>.</summary>
        public void SetRoundTrip(TimeSpan roundTrip) => SetDelays(TimeSpan.FromTicks(roundTrip.Ticks / 2), TimeSpan.FromTicks(roundTrip.Ticks / 2));

        public void SetDelays(TimeSpan toUpstream, TimeSpan toClient)
        {
            Interlocked.Exchange(ref _toUpstreamTicks, toUpstream.Ticks);
            Interlocked.Exchange(ref _toClientTicks, toClient.Ticks);
        }

        /// <summary>Switches the mode; Reset and Cut act on the live connections at once.</summary>
        public void Set(ProxyMode mode)
        {
            ProxyMode previous;
            lock (_gate)
            {
                previous = _mode;
                _mode = mode == ProxyMode.Cut ? ProxyMode.Pass : mode;
            }
            if (mode == ProxyMode.Reset || mode == ProxyMode.Cut)
            {
                foreach (var link in _links.Keys) link.Close(reset: mode == ProxyMode.Reset);
            }
            else if (previous == ProxyMode.Blackhole && mode != ProxyMode.Blackhole)
            {
                foreach (var link in _links.Keys)
                {
                    if (link.LostData) link.Close(reset: false);
                }
            }
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                Socket client;
                try
                {
                    client = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is OperationCanceledException || ex is ObjectDisposedException || ex is SocketException)
                {
                    if (_stop.IsCancellationRequested) return;
                    continue;
                }
                Interlocked.Increment(ref _accepted);
                client.NoDelay = true;
                _ = Task.Run(() => ServeAsync(client));
            }
        }

        private async Task ServeAsync(Socket client)
        {
            var mode = Mode;
            if (mode == ProxyMode.Reset)
            {
                Abort(client);
                return;
            }
            var link = new Link(client);
            _links[link] = true;
            try
            {
                if (mode == ProxyMode.Blackhole)
                {
                    // Never reaches the upstream: from the client's side the server went silent.
                    link.LostData = true;
                    await SinkAsync(link).ConfigureAwait(false);
                    return;
                }
                var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                if (!link.Attach(upstream)) return;
                try
                {
                    await upstream.ConnectAsync(_upstream!.Host, _upstream.Port, _stop.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is SocketException || ex is OperationCanceledException || ex is ObjectDisposedException)
                {
                    // Nothing listens upstream: the client sees what it would see connecting directly.
                    link.Close(reset: true);
                    return;
                }
                await Task.WhenAll(
                    PumpAsync(link, client, upstream, () => Interlocked.Read(ref _toUpstreamTicks)),
                    PumpAsync(link, upstream, client, () => Interlocked.Read(ref _toClientTicks))).ConfigureAwait(false);
            }
            finally
            {
                link.Close(reset: false);
                _links.TryRemove(link, out _);
            }
        }

        private async Task SinkAsync(Link link)
        {
            var buffer = new byte[16384];
            try
            {
                while (await link.Client.ReceiveAsync(buffer, SocketFlags.None, _stop.Token).ConfigureAwait(false) > 0)
                {
                }
            }
            catch (Exception ex) when (ex is SocketException || ex is OperationCanceledException || ex is ObjectDisposedException)
            {
            }
        }

        /// <summary>One direction: a reader stamps each chunk with when it is due, a writer sends it then, in order.</summary>
        private async Task PumpAsync(Link link, Socket from, Socket to, Func<long> delayTicks)
        {
            var line = Channel.CreateUnbounded<(long Due, byte[] Data)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
            var writer = Task.Run(async () =>
            {
                try
                {
                    await foreach (var (due, data) in line.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
                    {
                        // Task.Delay counts whole milliseconds and may wake up to one early: never send before due.
                        for (var wait = due - Stopwatch.GetTimestamp(); wait > 0; wait = due - Stopwatch.GetTimestamp())
                            await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(1, Math.Ceiling(wait * 1000.0 / Stopwatch.Frequency))), _stop.Token).ConfigureAwait(false);
                        for (var sent = 0; sent < data.Length;)
                            sent += await to.SendAsync(data.AsMemory(sent), SocketFlags.None, _stop.Token).ConfigureAwait(false);
                    }
                    // The reader saw the end of the stream: pass the FIN on, after the data before it.
                    to.Shutdown(SocketShutdown.Send);
                }
                catch (Exception ex) when (ex is SocketException || ex is OperationCanceledException || ex is ObjectDisposedException)
                {
                    link.Close(reset: false);
                }
            });
            var buffer = new byte[65536];
            try
            {
                while (true)
                {
                    var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token).ConfigureAwait(false);
                    if (read == 0) break;
                    if (Mode == ProxyMode.Blackhole)
                    {
                        link.LostData = true;
                        continue;
                    }
                    var due = Stopwatch.GetTimestamp() + delayTicks() * Stopwatch.Frequency / TimeSpan.TicksPerSecond;
                    line.Writer.TryWrite((due, buffer.AsSpan(0, read).ToArray()));
                }
            }
            catch (Exception ex) when (ex is SocketException || ex is OperationCanceledException || ex is ObjectDisposedException)
            {
                link.Close(reset: false);
            }
            line.Writer.TryComplete();
            await writer.ConfigureAwait(false);
        }

        private static void Abort(Socket socket)
        {
            try
            {
                // Linger on with a zero timeout: close sends RST instead of FIN.
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }
            catch (Exception ex) when (ex is SocketException || ex is ObjectDisposedException)
            {
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            foreach (var link in _links.Keys) link.Close(reset: false);
        }

        public override string ToString() => $"{Name} {Endpoint} -> {_upstream}";

        /// <summary>A client connection and the upstream connection made for it.</summary>
        private sealed class Link
        {
            private int _closed;

            public Link(Socket client) => Client = client;

            public Socket Client { get; }

            public Socket? Upstream { get; private set; }

            /// <summary>False when the link was closed meanwhile (the upstream socket is closed too).</summary>
            public bool Attach(Socket upstream)
            {
                Upstream = upstream;
                if (Volatile.Read(ref _closed) == 0) return true;
                upstream.Close();
                return false;
            }

            /// <summary>Data was swallowed by a blackhole: the byte stream is broken for good.</summary>
            public volatile bool LostData;

            public void Close(bool reset)
            {
                if (Interlocked.Exchange(ref _closed, 1) != 0) return;
                foreach (var socket in new[] { Client, Upstream })
                {
                    if (socket == null) continue;
                    if (reset)
                    {
                        Abort(socket);
                        continue;
                    }
                    try
                    {
                        socket.Shutdown(SocketShutdown.Both);
                    }
                    catch (Exception ex) when (ex is SocketException || ex is ObjectDisposedException)
                    {
                    }
                    socket.Close();
                }
            }
        }
    }
}
