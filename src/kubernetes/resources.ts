/** Where a kind lives in the Kubernetes API: group (empty for the core group), version, plural resource. */
export interface ResourceType {
  group: string;
  version: string;
  resource: string;
  kind: string;
  namespaced: boolean;
}

/** A DNS-1123 label: namespace names. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** A DNS-1123 subdomain: most object names (Deployments, Secrets, ConfigMaps). */
export const DNS_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

function type(
  group: string,
  version: string,
  resource: string,
  kind: string,
  namespaced = true,
): ResourceType {
  return { group, version, resource, kind, namespaced };
}

/** The kinds the actions read or write. */
export const RESOURCES = {
  pod: type('', 'v1', 'pods', 'Pod'),
  podLog: type('', 'v1', 'pods/log', 'Pod'),
  podStatus: type('', 'v1', 'pods/status', 'Pod'),
  configMap: type('', 'v1', 'configmaps', 'ConfigMap'),
  secret: type('', 'v1', 'secrets', 'Secret'),
  event: type('', 'v1', 'events', 'Event'),
  namespace: type('', 'v1', 'namespaces', 'Namespace', false),
  node: type('', 'v1', 'nodes', 'Node', false),
  serviceAccount: type('', 'v1', 'serviceaccounts', 'ServiceAccount'),
  deployment: type('apps', 'v1', 'deployments', 'Deployment'),
  replicaSet: type('apps', 'v1', 'replicasets', 'ReplicaSet'),
  job: type('batch', 'v1', 'jobs', 'Job'),
  lease: type('coordination.k8s.io', 'v1', 'leases', 'Lease'),
  role: type('rbac.authorization.k8s.io', 'v1', 'roles', 'Role'),
  roleBinding: type('rbac.authorization.k8s.io', 'v1', 'rolebindings', 'RoleBinding'),
  clusterRole: type('rbac.authorization.k8s.io', 'v1', 'clusterroles', 'ClusterRole', false),
  clusterRoleBinding: type(
    'rbac.authorization.k8s.io',
    'v1',
    'clusterrolebindings',
    'ClusterRoleBinding',
    false,
  ),
  customResourceDefinition: type(
    'apiextensions.k8s.io',
    'v1',
    'customresourcedefinitions',
    'CustomResourceDefinition',
    false,
  ),
  argoApplication: type('argoproj.io', 'v1alpha1', 'applications', 'Application'),
  argoAppProject: type('argoproj.io', 'v1alpha1', 'appprojects', 'AppProject'),
  fluxKustomization: type('kustomize.toolkit.fluxcd.io', 'v1', 'kustomizations', 'Kustomization'),
  fluxGitRepository: type('source.toolkit.fluxcd.io', 'v1', 'gitrepositories', 'GitRepository'),
} as const satisfies Record<string, ResourceType>;

/** The API path of a collection (no name) or of one object. A subresource is written `pods/log`. */
export function resourcePath(resource: ResourceType, namespace?: string, name?: string): string {
  const base =
    resource.group === '' ? `/api/${resource.version}` : `/apis/${resource.group}/${resource.version}`;
  const [plural, subresource] = resource.resource.split('/');
  let path = base;
  if (resource.namespaced && namespace) path += `/namespaces/${encodeURIComponent(namespace)}`;
  path += `/${plural}`;
  if (name !== undefined) path += `/${encodeURIComponent(name)}`;
  if (subresource) {
    if (name === undefined) throw new Error(`${resource.resource} needs an object name`);
    path += `/${subresource}`;
  }
  return path;
}

/** `apps/v1` or `v1`, as written in a manifest's apiVersion. */
export function apiVersionOf(resource: ResourceType): string {
  return resource.group === '' ? resource.version : `${resource.group}/${resource.version}`;
}
