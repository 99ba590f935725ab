namespace OrleansLB.Client.Sipp;

/// <summary>Paths of the scenario files copied next to the test assembly (Sipp/Scenarios).</summary>
internal static class SippScenarios
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Sipp", "Scenarios");

    public static string UacCall => Path.Combine(Directory, "uac_call.xml");

    public static string UacCancel => Path.Combine(Directory, "uac_cancel.xml");

    public static string UacReinvite => Path.Combine(Directory, "uac_reinvite.xml");

    public static string UacWaitBye => Path.Combine(Directory, "uac_wait_bye.xml");

    public static string UacExpect486 => Path.Combine(Directory, "uac_expect_486.xml");

    public static string UacExpect503 => Path.Combine(Directory, "uac_expect_503.xml");

    public static string UasAnswer => Path.Combine(Directory, "uas_answer.xml");

    public static string UasSlow => Path.Combine(Directory, "uas_slow.xml");

    public static string UasRinging => Path.Combine(Directory, "uas_ringing.xml");

    public static string UasBusy => Path.Combine(Directory, "uas_busy.xml");

    public static string UasUnavailable => Path.Combine(Directory, "uas_unavailable.xml");

    public static string UasSilent => Path.Combine(Directory, "uas_silent.xml");

    public static string UasByeFromCallee => Path.Combine(Directory, "uas_bye_from_callee.xml");
}
