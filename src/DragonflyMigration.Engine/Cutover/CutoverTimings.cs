using System;

namespace DragonflyMigration.Engine.Cutover
{
    /// <summary>
    /// Every wait and bound of the cutover in one place, each with why it has its value. The limits an
    /// operator sets (-MaxWritePause, the phase timeouts) are in <see cref="CutoverOptions"/>; the write
    /// pause's own expiry and catch-up budget derive from them in <see cref="CutoverPlan"/>.
    /// </summary>
    internal static class CutoverTimings
    {
        /// <summary>One look at the target's role or the Sentinel's primary while the pause runs: a slow answer is skipped, not waited for.</summary>
        public static readonly TimeSpan PromotionProbe = TimeSpan.FromMilliseconds(150);

        /// <summary>One look at a Sentinel or the target after the promotion, and the bound of the clean-up steps that follow it.</summary>
        public static readonly TimeSpan ConfirmProbe = TimeSpan.FromSeconds(1);

        /// <summary>Between reads of every Sentinel while waiting for them to see the armed target (they refresh replica INFO every 10 s).</summary>
        public static readonly TimeSpan ArmPoll = TimeSpan.FromMilliseconds(200);

        /// <summary>Between looks for the marker on the target: the pause is running.</summary>
        public static readonly TimeSpan CatchUpPoll = TimeSpan.FromMilliseconds(5);

        /// <summary>Between looks for the promotion: the pause is running.</summary>
        public static readonly TimeSpan PromotionPoll = TimeSpan.FromMilliseconds(10);

        /// <summary>Between looks in the Confirm phase: clients wait on what it watches (the failing-over Sentinel ending its failover).</summary>
        public static readonly TimeSpan ConfirmPoll = TimeSpan.FromMilliseconds(20);

        /// <summary>The one bounded look at the target just before SENTINEL FAILOVER.</summary>
        public static readonly TimeSpan EdgeProbe = TimeSpan.FromMilliseconds(300);

        /// <summary>Between looks at Sentinel's decision after a promotion timeout (writes are closed meanwhile, not paused).</summary>
        public static readonly TimeSpan LatePoll = TimeSpan.FromSeconds(1);

        /// <summary>Beyond Sentinel's failover-timeout, how long a late decision is waited for.</summary>
        public static readonly TimeSpan LateFailoverMargin = TimeSpan.FromSeconds(30);

        /// <summary>The read of the source once the target caught up: a source silent that long could not be fenced either.</summary>
        public static readonly TimeSpan FreezeRecord = TimeSpan.FromSeconds(1);

        /// <summary>The look at the target's role when an earlier run's journal is found.</summary>
        public static readonly TimeSpan InterruptedRunProbe = TimeSpan.FromSeconds(2);

        /// <summary>A probe that got no answer opens a fresh connection, bounded by this.</summary>
        public static readonly TimeSpan ProbeReconnect = TimeSpan.FromSeconds(1);

        /// <summary>Each other replica made unpromotable after the promotion, one at a time.</summary>
        public static readonly TimeSpan StrandingStep = TimeSpan.FromSeconds(2);

        /// <summary>Each undo on its own bound, so a node that does not answer does not use up the others' time.</summary>
        public static readonly TimeSpan RollbackStep = TimeSpan.FromSeconds(5);

        /// <summary>Reads made while planning (the journal, whether the cutover is already done).</summary>
        public static readonly TimeSpan PlanRead = TimeSpan.FromSeconds(5);

        /// <summary>Between reads while a Sentinel has not listed the target yet (it learns of replicas every 10 s).</summary>
        public static readonly TimeSpan DiscoveryPoll = TimeSpan.FromMilliseconds(500);

        /// <summary>Each step of fencing the old primary: the pause is running.</summary>
        public static readonly TimeSpan FenceStep = TimeSpan.FromMilliseconds(300);

        /// <summary>A fresh connection to the old primary when a fence step got no answer.</summary>
        public static readonly TimeSpan FenceReconnect = TimeSpan.FromSeconds(1);
    }
}
