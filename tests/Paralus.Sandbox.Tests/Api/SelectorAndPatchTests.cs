using System.Text.Json.Nodes;
using Paralus.Sandbox.Api;

namespace Paralus.Sandbox.Tests.Api;

public sealed class SelectorAndPatchTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["app"] = "web", ["tier"] = "front" };

    [Theory]
    [InlineData("", true)]
    [InlineData("app=web", true)]
    [InlineData("app==web", true)]
    [InlineData("app!=web", false)]
    [InlineData("app=web,tier=front", true)]
    [InlineData("app=web,tier=back", false)]
    [InlineData("app in (web,api)", true)]
    [InlineData("app notin (web,api)", false)]
    [InlineData("tier notin (back)", true)]
    [InlineData("missing notin (x)", true)]
    [InlineData("app", true)]
    [InlineData("!app", false)]
    [InlineData("!missing", true)]
    [InlineData("app in (web, api),tier", true)]
    public void LabelSelector_MatchesLikeKubernetes(string selector, bool matches)
    {
        Assert.Equal(matches, LabelSelector.Parse(selector).Matches(Labels));
    }

    [Theory]
    [InlineData("metadata.name=web", true)]
    [InlineData("metadata.name!=web", false)]
    [InlineData("metadata.namespace=demo,status.phase=Running", true)]
    [InlineData("status.phase=Pending", false)]
    public void FieldSelector_MatchesOnObjectFields(string selector, bool matches)
    {
        var pod = JsonNode.Parse("""{"metadata":{"name":"web","namespace":"demo"},"status":{"phase":"Running"}}""")!.AsObject();
        Assert.Equal(matches, FieldSelector.Parse(selector).Matches(pod));
    }

    [Fact]
    public void MergePatch_NullRemovesAndObjectsMerge()
    {
        var target = JsonNode.Parse("""{"metadata":{"labels":{"a":"1","b":"2"}},"data":{"x":"1"}}""")!.AsObject();
        var result = Patches.Apply(target, Patches.MergePatch, """{"metadata":{"labels":{"a":null,"c":"3"}},"data":{"x":"2"}}""");
        Assert.Equal("""{"metadata":{"labels":{"b":"2","c":"3"}},"data":{"x":"2"}}""", result.ToJsonString());
    }

    [Fact]
    public void JsonPatch_AddReplaceRemoveMoveTest()
    {
        var target = JsonNode.Parse("""{"spec":{"replicas":1,"items":["a","c"]},"old":1}""")!.AsObject();
        var result = Patches.Apply(target, Patches.JsonPatch, """
            [{"op":"test","path":"/spec/replicas","value":1},
             {"op":"replace","path":"/spec/replicas","value":3},
             {"op":"add","path":"/spec/items/1","value":"b"},
             {"op":"add","path":"/spec/items/-","value":"d"},
             {"op":"move","from":"/old","path":"/new"},
             {"op":"remove","path":"/spec/items/0"}]
            """);
        Assert.Equal("""{"spec":{"replicas":3,"items":["b","c","d"]},"new":1}""", result.ToJsonString());
    }

    [Fact]
    public void JsonPatch_FailedTest_Is422()
    {
        var target = JsonNode.Parse("""{"a":1}""")!.AsObject();
        var error = Assert.Throws<StatusException>(() => Patches.Apply(target, Patches.JsonPatch, """[{"op":"test","path":"/a","value":2}]"""));
        Assert.Equal(422, error.Code);
    }

    [Fact]
    public void ApplyPatch_AcceptsYaml()
    {
        var target = JsonNode.Parse("""{"data":{"a":"1"}}""")!.AsObject();
        var result = Patches.Apply(target, Patches.ApplyPatch, "data:\n  b: \"2\"\n  n: 3\n  t: true\n");
        Assert.Equal("""{"data":{"a":"1","b":"2","n":3,"t":true}}""", result.ToJsonString());
    }
}
