using System;
using System.Diagnostics;
using System.IO;
using System.Net.Sockets;
using System.Threading;

namespace DragonflyMigration.Engine.Tests.Integration
{
    /// <summary>
    /// A redis-server on TLS only (plain port 0) that requires client certificates, with a CA, a server
    /// and a client certificate made here with openssl. Disposing it stops the server and removes the files.
    /// </summary>
    internal sealed class TlsServer : IDisposable
    {
        public const string PfxPassword = "pfx-secret";

        private readonly Process _server;

        public TlsServer()
        {
            Directory = Path.Combine(Path.GetTempPath(), "dfmig-tls-" + Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(Directory);
            OpenSsl("req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 -subj /CN=dfmig-test-ca");
            System.IO.File.WriteAllText(Path.Combine(Directory, "san.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
            Issue("server", "localhost", "-extfile san.ext");
            Issue("client", "migrator", string.Empty);
            OpenSsl($"pkcs12 -export -in client.crt -inkey client.key -out client.pfx -passout pass:{PfxPassword}");
            Port = Engine.Sandbox.FreePort.Next();
            _server = Process.Start(new ProcessStartInfo("redis-server",
                $"--port 0 --tls-port {Port} --bind 127.0.0.1 --tls-cert-file server.crt --tls-key-file server.key --tls-ca-cert-file ca.crt --tls-auth-clients yes --save \"\" --appendonly no")
            { WorkingDirectory = Directory, UseShellExecute = false, RedirectStandardOutput = true })!;
            _server.OutputDataReceived += (_, _) => { };
            _server.BeginOutputReadLine();
            WaitForPort();
        }

        public string Directory { get; }

        public int Port { get; }

        public string File(string name) => Path.Combine(Directory, name);

        private void Issue(string name, string commonName, string extra)
        {
            OpenSsl($"req -newkey rsa:2048 -nodes -keyout {name}.key -out {name}.csr -subj /CN={commonName}");
            OpenSsl($"x509 -req -in {name}.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out {name}.crt -days 2 {extra}");
        }

        private void OpenSsl(string arguments)
        {
            using var process = Process.Start(new ProcessStartInfo("openssl", arguments) { WorkingDirectory = Directory, UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true })!;
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0) throw new InvalidOperationException($"openssl {arguments} failed with exit code {process.ExitCode}.");
        }

        private void WaitForPort()
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                try
                {
                    using var probe = new TcpClient();
                    probe.Connect("127.0.0.1", Port);
                    return;
                }
                catch (SocketException)
                {
                    Thread.Sleep(50);
                }
            }
            throw new TimeoutException("The TLS redis-server did not listen within 10 s.");
        }

        public void Dispose()
        {
            try
            {
                if (!_server.HasExited) _server.Kill();
                _server.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
            }
            _server.Dispose();
            try { System.IO.Directory.Delete(Directory, true); } catch (IOException) { }
        }
    }
}
