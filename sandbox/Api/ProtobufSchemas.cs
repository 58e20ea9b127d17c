using static Paralus.Sandbox.Api.FieldKind;

namespace Paralus.Sandbox.Api;

/// <summary>
/// Field numbers of the k8s.io/api protobuf messages the sandbox reads (from the generated.proto
/// files), restricted to the fields kubectl's typed commands send.
/// </summary>
internal static class ProtobufSchemas
{
    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<int, ProtobufField>> Messages =
        new Dictionary<string, IReadOnlyDictionary<int, ProtobufField>>
        {
            ["ObjectMeta"] = Fields(
                (1, new("name", Text)), (2, new("generateName", Text)), (3, new("namespace", Text)),
                (5, new("uid", Text)), (6, new("resourceVersion", Text)), (7, new("generation", Int)),
                (8, new("creationTimestamp", Time)), (11, new("labels", StringMap)), (12, new("annotations", StringMap)),
                (13, new("ownerReferences", NestedList, "OwnerReference")), (14, new("finalizers", TextList))),
            ["OwnerReference"] = Fields(
                (1, new("kind", Text)), (3, new("name", Text)), (4, new("uid", Text)), (5, new("apiVersion", Text)),
                (6, new("controller", OptionalFlag)), (7, new("blockOwnerDeletion", OptionalFlag))),
            ["LabelSelector"] = Fields(
                (1, new("matchLabels", StringMap)), (2, new("matchExpressions", NestedList, "LabelSelectorRequirement"))),
            ["LabelSelectorRequirement"] = Fields(
                (1, new("key", Text)), (2, new("operator", Text)), (3, new("values", TextList))),
            ["ObjectReference"] = Fields(
                (1, new("kind", Text)), (2, new("namespace", Text)), (3, new("name", Text)), (4, new("uid", Text)), (5, new("apiVersion", Text))),

            ["Namespace"] = Fields((1, Meta), (2, new("spec", Nested, "NamespaceSpec"))),
            ["NamespaceSpec"] = Fields((1, new("finalizers", TextList))),
            ["Pod"] = Fields((1, Meta), (2, new("spec", Nested, "PodSpec"))),
            ["PodTemplateSpec"] = Fields((1, Meta), (2, new("spec", Nested, "PodSpec"))),
            ["PodSpec"] = Fields(
                (2, new("containers", NestedList, "Container")), (3, new("restartPolicy", Text)),
                (4, new("terminationGracePeriodSeconds", OptionalInt)), (5, new("activeDeadlineSeconds", OptionalInt)),
                (6, new("dnsPolicy", Text)), (7, new("nodeSelector", StringMap)), (8, new("serviceAccountName", Text)),
                (9, new("serviceAccount", Text)), (10, new("nodeName", Text)), (11, new("hostNetwork", Flag)),
                (16, new("hostname", Text)), (17, new("subdomain", Text)), (19, new("schedulerName", Text)),
                (20, new("initContainers", NestedList, "Container")), (21, new("automountServiceAccountToken", OptionalFlag)),
                (24, new("priorityClassName", Text)), (30, new("enableServiceLinks", OptionalFlag))),
            ["Container"] = Fields(
                (1, new("name", Text)), (2, new("image", Text)), (3, new("command", TextList)), (4, new("args", TextList)),
                (5, new("workingDir", Text)), (6, new("ports", NestedList, "ContainerPort")), (7, new("env", NestedList, "EnvVar")),
                (8, new("resources", Nested, "ResourceRequirements")), (13, new("terminationMessagePath", Text)),
                (14, new("imagePullPolicy", Text)), (16, new("stdin", Flag)), (17, new("stdinOnce", Flag)), (18, new("tty", Flag)),
                (20, new("terminationMessagePolicy", Text))),
            ["ContainerPort"] = Fields(
                (1, new("name", Text)), (2, new("hostPort", Int)), (3, new("containerPort", Int)), (4, new("protocol", Text)), (5, new("hostIP", Text))),
            ["EnvVar"] = Fields((1, new("name", Text)), (2, new("value", Text))),
            ["ResourceRequirements"] = Fields((1, new("limits", QuantityMap)), (2, new("requests", QuantityMap))),
            ["ServiceAccount"] = Fields(
                (1, Meta), (2, new("secrets", NestedList, "ObjectReference")), (4, new("automountServiceAccountToken", OptionalFlag))),
            ["ConfigMap"] = Fields(
                (1, Meta), (2, new("data", StringMap)), (3, new("binaryData", BytesMap)), (4, new("immutable", OptionalFlag))),
            ["Secret"] = Fields(
                (1, Meta), (2, new("data", BytesMap)), (3, new("type", Text)), (4, new("stringData", StringMap)), (5, new("immutable", OptionalFlag))),
            ["Service"] = Fields((1, Meta), (2, new("spec", Nested, "ServiceSpec"))),
            ["ServiceSpec"] = Fields(
                (1, new("ports", NestedList, "ServicePort")), (2, new("selector", StringMap)), (3, new("clusterIP", Text)),
                (4, new("type", Text)), (5, new("externalIPs", TextList)), (7, new("sessionAffinity", Text)),
                (10, new("externalName", Text)), (11, new("externalTrafficPolicy", Text)), (17, new("ipFamilyPolicy", Text)),
                (18, new("clusterIPs", TextList)), (19, new("ipFamilies", TextList)), (22, new("internalTrafficPolicy", Text))),
            ["ServicePort"] = Fields(
                (1, new("name", Text)), (2, new("protocol", Text)), (3, new("port", Int)), (4, new("targetPort", IntOrString)),
                (5, new("nodePort", Int)), (6, new("appProtocol", Text))),

            ["Deployment"] = Fields((1, Meta), (2, new("spec", Nested, "DeploymentSpec"))),
            ["DeploymentSpec"] = Fields(
                (1, new("replicas", OptionalInt)), (2, new("selector", Nested, "LabelSelector")), (3, new("template", Nested, "PodTemplateSpec")),
                (4, new("strategy", Nested, "DeploymentStrategy")), (5, new("minReadySeconds", Int)),
                (6, new("revisionHistoryLimit", OptionalInt)), (7, new("paused", Flag)), (9, new("progressDeadlineSeconds", OptionalInt))),
            ["DeploymentStrategy"] = Fields((1, new("type", Text)), (2, new("rollingUpdate", Nested, "RollingUpdateDeployment"))),
            ["RollingUpdateDeployment"] = Fields((1, new("maxUnavailable", IntOrString)), (2, new("maxSurge", IntOrString))),
            ["ReplicaSet"] = Fields((1, Meta), (2, new("spec", Nested, "ReplicaSetSpec"))),
            ["ReplicaSetSpec"] = Fields(
                (1, new("replicas", OptionalInt)), (2, new("selector", Nested, "LabelSelector")), (3, new("template", Nested, "PodTemplateSpec")),
                (4, new("minReadySeconds", Int))),

            ["Role"] = Fields((1, Meta), (2, new("rules", NestedList, "PolicyRule"))),
            ["ClusterRole"] = Fields((1, Meta), (2, new("rules", NestedList, "PolicyRule")), (3, new("aggregationRule", Nested, "AggregationRule"))),
            ["AggregationRule"] = Fields((1, new("clusterRoleSelectors", NestedList, "LabelSelector"))),
            ["PolicyRule"] = Fields(
                (1, new("verbs", TextList)), (2, new("apiGroups", TextList)), (3, new("resources", TextList)),
                (4, new("resourceNames", TextList)), (5, new("nonResourceURLs", TextList))),
            ["RoleBinding"] = Fields((1, Meta), (2, new("subjects", NestedList, "Subject")), (3, new("roleRef", Nested, "RoleRef"))),
            ["ClusterRoleBinding"] = Fields((1, Meta), (2, new("subjects", NestedList, "Subject")), (3, new("roleRef", Nested, "RoleRef"))),
            ["Subject"] = Fields((1, new("kind", Text)), (2, new("apiGroup", Text)), (3, new("name", Text)), (4, new("namespace", Text))),
            ["RoleRef"] = Fields((1, new("apiGroup", Text)), (2, new("kind", Text)), (3, new("name", Text))),

            ["TokenRequest"] = Fields((1, Meta), (2, new("spec", Nested, "TokenRequestSpec"))),
            ["TokenRequestSpec"] = Fields(
                (1, new("audiences", TextList)), (3, new("boundObjectRef", Nested, "BoundObjectReference")), (4, new("expirationSeconds", OptionalInt))),
            ["BoundObjectReference"] = Fields((1, new("kind", Text)), (2, new("apiVersion", Text)), (3, new("name", Text)), (4, new("uid", Text))),
            ["TokenReview"] = Fields((1, Meta), (2, new("spec", Nested, "TokenReviewSpec"))),
            ["TokenReviewSpec"] = Fields((1, new("token", Text)), (2, new("audiences", TextList))),
            ["SelfSubjectReview"] = Fields((1, Meta)),
            ["SelfSubjectAccessReview"] = Fields((1, Meta), (2, new("spec", Nested, "SelfSubjectAccessReviewSpec"))),
            ["SelfSubjectAccessReviewSpec"] = Fields(
                (1, new("resourceAttributes", Nested, "ResourceAttributes")), (2, new("nonResourceAttributes", Nested, "NonResourceAttributes"))),
            ["SubjectAccessReview"] = Fields((1, Meta), (2, new("spec", Nested, "SubjectAccessReviewSpec"))),
            ["LocalSubjectAccessReview"] = Fields((1, Meta), (2, new("spec", Nested, "SubjectAccessReviewSpec"))),
            ["SubjectAccessReviewSpec"] = Fields(
                (1, new("resourceAttributes", Nested, "ResourceAttributes")), (2, new("nonResourceAttributes", Nested, "NonResourceAttributes")),
                (3, new("user", Text)), (4, new("groups", TextList)), (6, new("uid", Text))),
            ["ResourceAttributes"] = Fields(
                (1, new("namespace", Text)), (2, new("verb", Text)), (3, new("group", Text)), (4, new("version", Text)),
                (5, new("resource", Text)), (6, new("subresource", Text)), (7, new("name", Text))),
            ["NonResourceAttributes"] = Fields((1, new("path", Text)), (2, new("verb", Text))),
            ["SelfSubjectRulesReview"] = Fields((1, Meta), (2, new("spec", Nested, "SelfSubjectRulesReviewSpec"))),
            ["SelfSubjectRulesReviewSpec"] = Fields((1, new("namespace", Text))),
        };

    private static ProtobufField Meta => new("metadata", Nested, "ObjectMeta");

    private static Dictionary<int, ProtobufField> Fields(params (int Number, ProtobufField Field)[] fields) =>
        fields.ToDictionary(f => f.Number, f => f.Field);
}
