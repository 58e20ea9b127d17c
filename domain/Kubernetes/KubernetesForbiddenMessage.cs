using System.Globalization;
using System.Text;

namespace Paralus.Domain.Kubernetes;

/// <summary>
/// The <c>message</c> of the Forbidden <c>Status</c> the kube-apiserver returns, word for word, so that
/// kubectl users and scripts see the same text whether the relay or the cluster said no.
/// </summary>
public static class KubernetesForbiddenMessage
{
    /// <summary>
    /// For example <c>pods "web-1" is forbidden: User "sally@example.com" cannot create resource "pods/exec"
    /// in API group "" in the namespace "apple"</c>. A non-empty <paramref name="reason"/> is appended after
    /// ": ", as the apiserver appends an authorizer's reason.
    /// </summary>
    public static string For(KubernetesRequestInfo request, string userName, string? reason = null)
    {
        var text = new StringBuilder();
        if (!request.IsResourceRequest) text.Append("forbidden: ");
        else
        {
            // The qualified resource of the Status: resource[.group], without the subresource.
            text.Append(request.Resource);
            if (request.ApiGroup.Length > 0) text.Append('.').Append(request.ApiGroup);
            if (request.Name.Length > 0) AppendQuoted(text.Append(' '), request.Name);
            text.Append(" is forbidden: ");
        }

        var attributes = new StringBuilder();
        AppendQuoted(attributes.Append("User "), userName).Append(" cannot ").Append(request.Verb);
        if (!request.IsResourceRequest) AppendQuoted(attributes.Append(" path "), request.Path);
        else
        {
            AppendQuoted(attributes.Append(" resource "), request.ResourceWithSubresource);
            AppendQuoted(attributes.Append(" in API group "), request.ApiGroup);
            if (request.Namespace.Length > 0) AppendQuoted(attributes.Append(" in the namespace "), request.Namespace);
            else attributes.Append(" at the cluster scope");
        }

        // The apiserver HTML-escapes the attribute part (not the reason) before sending it.
        text.Append(attributes.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;"));
        if (!string.IsNullOrEmpty(reason)) text.Append(": ").Append(reason);
        return text.ToString();
    }

    /// <summary>Go's <c>%q</c>: double quotes, backslash escapes, non-printable characters as \x, \u or \U.</summary>
    private static StringBuilder AppendQuoted(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var rune in value.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\a': text.Append("\\a"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case '\v': text.Append("\\v"); break;
                default:
                    if (IsPrintable(rune)) text.Append(rune.ToString());
                    else if (rune.Value < 0x80) text.Append("\\x").Append(rune.Value.ToString("x2", CultureInfo.InvariantCulture));
                    else if (rune.Value <= 0xFFFF) text.Append("\\u").Append(rune.Value.ToString("x4", CultureInfo.InvariantCulture));
                    else text.Append("\\U").Append(rune.Value.ToString("x8", CultureInfo.InvariantCulture));
                    break;
            }
        }

        return text.Append('"');
    }

    /// <summary>Go's strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.</summary>
    private static bool IsPrintable(Rune rune) => rune.Value == ' ' || Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator => false,
        _ => true,
    };
}
