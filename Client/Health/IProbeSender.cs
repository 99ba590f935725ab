using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Client.Health;

/// <summary>Sends one OPTIONS probe to a destination and waits for its final reply or the timeout.</summary>
internal interface IProbeSender
{
    ValueTask<ProbeOutcome> ProbeAsync(Destination destination, string fromUri, TimeSpan timeout, CancellationToken cancellationToken);
}
