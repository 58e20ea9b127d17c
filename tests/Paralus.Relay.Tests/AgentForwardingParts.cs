using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Paralus.Agent.Forwarding;
using Paralus.Agent.Forwarding.Http2;
using Paralus.Agent.Jit;

namespace Paralus.Relay.Tests;

/// <summary>The agent's request path for one apiserver, built as the agent builds it, without the rest of the agent.</summary>
internal sealed record AgentForwardingParts(JitServiceAccounts Accounts, UserCredentials Credentials, Http2FrameForwarder Http2)
{
    public static AgentForwardingParts For(ApiServerTarget target)
    {
        var accounts = new JitServiceAccounts(target, Options.Create(new JitOptions()), TimeProvider.System, NullLogger<JitServiceAccounts>.Instance);
        var credentials = new UserCredentials(new JitAccessSpecs(), accounts, NullLogger<UserCredentials>.Instance);
        return new AgentForwardingParts(accounts, credentials, new Http2FrameForwarder(target, credentials, NullLogger<Http2FrameForwarder>.Instance));
    }
}
