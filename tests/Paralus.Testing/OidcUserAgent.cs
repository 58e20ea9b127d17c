using System.Net;
using System.Text.RegularExpressions;

namespace Paralus.Testing;

/// <summary>
/// A browser, as far as the test IdP's pages need one: cookies, redirects followed one by one, and its forms submitted —
/// the login form (oidc-provider's devInteractions take any account id, no password), the consent form, and the device
/// flow's code entry and confirmation. One agent is one browser profile: sessions at the IdP persist between calls.
/// </summary>
public sealed partial class OidcUserAgent : IDisposable
{
    private const int MaxSteps = 30;
    private readonly HttpClient _http;

    public OidcUserAgent()
    {
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    /// <summary>
    /// Signs <paramref name="account"/> in through an authorization request (at the IdP, or at a client that redirects to
    /// it) and returns the URL the browser is finally sent to at <paramref name="redirectUri"/>, carrying <c>code</c> and
    /// <c>state</c> (or <c>error</c>). <paramref name="redirectUri"/> defaults to the request's <c>redirect_uri</c>.
    /// </summary>
    public async Task<Uri> SignInAsync(Uri authorizationRequest, string account, Uri? redirectUri = null)
    {
        var target = redirectUri ?? RedirectUriOf(authorizationRequest);
        Uri? arrived = null;
        await BrowseAsync(authorizationRequest, account, userCode: null, location =>
        {
            var done = location.GetLeftPart(UriPartial.Path) == target.GetLeftPart(UriPartial.Path);
            if (done) arrived = location;
            return done;
        });
        return arrived!;
    }

    /// <summary>
    /// Approves a device authorization as <paramref name="account"/>: opens <paramref name="verificationUri"/>, types
    /// <paramref name="userCode"/> (unless the URI is <c>verification_uri_complete</c>, which carries it), confirms, signs
    /// in and consents, and ends on the IdP's success page.
    /// </summary>
    public Task ApproveDeviceAsync(Uri verificationUri, string account, string? userCode = null) =>
        BrowseAsync(verificationUri, account, userCode, _ => false);

    private async Task BrowseAsync(Uri start, string account, string? userCode, Func<Uri, bool> arrived)
    {
        var url = start;
        var response = await _http.GetAsync(url);
        try
        {
            for (var step = 0; step < MaxSteps; step++)
            {
                HttpResponseMessage next;
                if (response.Headers.Location is { } location)
                {
                    url = new Uri(url, location);
                    if (arrived(url)) return;
                    next = await _http.GetAsync(url);
                }
                else
                {
                    var html = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode == HttpStatusCode.OK && html.Contains("<title>Sign-in Success</title>", StringComparison.Ordinal)) return;
                    if (response.StatusCode != HttpStatusCode.OK || FormOf(html) is not var (action, fields))
                    {
                        throw new InvalidOperationException($"the IdP answered {(int)response.StatusCode} at {url} with no form to go on:\n{Excerpt(html)}");
                    }
                    if (fields.GetValueOrDefault("prompt") == "login")
                    {
                        fields["login"] = account;
                        fields["password"] = "unused"; // devInteractions check none
                    }
                    else if (fields.TryGetValue("user_code", out var code))
                    {
                        // The code entry form (empty, or filled from verification_uri_complete) or its confirmation.
                        if (code.Length == 0) fields["user_code"] = userCode ?? throw new InvalidOperationException($"the IdP asks for a user code at {url} and none was given");
                    }
                    else if (!fields.ContainsKey("prompt"))
                    {
                        throw new InvalidOperationException($"unexpected form at {url}:\n{Excerpt(html)}");
                    }
                    url = new Uri(url, action);
                    using var form = new FormUrlEncodedContent(fields);
                    next = await _http.PostAsync(url, form);
                }
                response.Dispose();
                response = next;
            }
        }
        finally
        {
            response.Dispose();
        }
        throw new InvalidOperationException($"still not done after {MaxSteps} requests, last at {url}");
    }

    private static Uri RedirectUriOf(Uri authorizationRequest)
    {
        var query = System.Web.HttpUtility.ParseQueryString(authorizationRequest.Query);
        return query["redirect_uri"] is { } redirect
            ? new Uri(redirect)
            : throw new ArgumentException("the authorization request has no redirect_uri; pass redirectUri", nameof(authorizationRequest));
    }

    /// <summary>The first form of the page: its action and its inputs (oidc-provider's pages are small and regular).</summary>
    private static (string Action, Dictionary<string, string> Fields)? FormOf(string html)
    {
        var form = FormPattern().Match(html);
        if (!form.Success) return null;
        var fields = new Dictionary<string, string>();
        foreach (Match input in InputPattern().Matches(form.Groups["body"].Value))
        {
            var name = AttributePattern("name").Match(input.Value);
            if (!name.Success) continue;
            var value = AttributePattern("value").Match(input.Value);
            fields[WebUtility.HtmlDecode(name.Groups[1].Value)] = value.Success ? WebUtility.HtmlDecode(value.Groups[1].Value) : "";
        }
        return (WebUtility.HtmlDecode(AttributePattern("action").Match(form.Groups["open"].Value).Groups[1].Value), fields);
    }

    private static string Excerpt(string html) => html.Length <= 2000 ? html : html[..2000];

    private static Regex AttributePattern(string name) => new($@"\b{name}=""([^""]*)""", RegexOptions.CultureInvariant);

    [GeneratedRegex(@"(?<open><form\b[^>]*>)(?<body>.*?)</form>", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex FormPattern();

    [GeneratedRegex(@"<input\b[^>]*>", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex InputPattern();

    public void Dispose() => _http.Dispose();
}
