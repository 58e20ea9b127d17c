namespace Paralus.Sandbox.Api;

/// <summary>How a protobuf field turns into JSON.</summary>
internal enum FieldKind
{
    Text,
    TextList,
    /// <summary>A plain integer: zero means unset and is left out, like JSON omitempty.</summary>
    Int,
    /// <summary>A pointer integer: present on the wire only when set, so zero is kept.</summary>
    OptionalInt,
    Flag,
    OptionalFlag,
    Bytes,
    Nested,
    NestedList,
    StringMap,
    BytesMap,
    QuantityMap,
    IntOrString,
    Time,
}
