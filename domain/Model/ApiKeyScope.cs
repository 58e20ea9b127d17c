namespace Paralus.Domain.Model;

/// <summary>What an API key may do with its owner's permissions.</summary>
public enum ApiKeyScope
{
    /// <summary>Everything its owner may do.</summary>
    Full,

    /// <summary>Only reads (GET and HEAD): for reporting and monitoring, which should never change anything or mint credentials.</summary>
    ReadOnly,
}
