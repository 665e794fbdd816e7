namespace DragonflyMigration
{
    /// <summary>The files Export-MigrationReport wrote.</summary>
    public sealed class MigrationReportFile
    {
        internal MigrationReportFile(string title, string htmlPath, string markdownPath, string[] sections, int serverChanges)
        {
            Title = title;
            HtmlPath = htmlPath;
            MarkdownPath = markdownPath;
            Sections = sections;
            ServerChanges = serverChanges;
        }

        public string Title { get; }

        public string HtmlPath { get; }

        public string MarkdownPath { get; }

        /// <summary>The sections that had input: Readiness, Replication, Cutover, Verification, Retirement.</summary>
        public string[] Sections { get; }

        /// <summary>How many server changes the report lists.</summary>
        public int ServerChanges { get; }

        public override string ToString() => HtmlPath;
    }
}
