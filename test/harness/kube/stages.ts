/**
 * kwok Stages: how the fake kubelets move a pod through its life. The defaults make a pod Running and Ready
 * once the image puller (image-puller.ts) has resolved its images in the test registry, with each
 * container's `imageID` set to `<registry>/<repo>@sha256:…` as containerd reports it; an image the registry
 * does not have ends in ErrImagePull, then ImagePullBackOff. A test picks a failure for chosen pods by
 * labelling them `platform-actions.test/scenario` and applying the matching Stage (crashLoopStage,
 * neverReadyStage); pods without the label are untouched by it.
 */
import type { KubeObject } from '../../../src/kubernetes/client.js';

export const SCENARIO_LABEL = 'platform-actions.test/scenario';
/** Set by the image puller: `resolved` or `missing`. */
export const IMAGES_ANNOTATION = 'images.platform-actions.test/state';
/** Per container: `images.platform-actions.test/id-<container>` = `<registry>/<repo>@sha256:…`. */
export const IMAGE_ID_PREFIX = 'images.platform-actions.test/id-';
/** Per container that failed to pull: the puller's error message. */
export const IMAGE_ERROR_PREFIX = 'images.platform-actions.test/error-';
/** Pods the test executor runs for real (their phase is set by it, not by a Stage). */
export const EXECUTOR_LABEL = 'platform-actions.test/execute';

type Requirement = { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] };

export function stage(
  name: string,
  selector: Requirement[],
  next: { statusTemplate?: string; delete?: boolean },
  delayMs = 0,
): KubeObject {
  return {
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'Stage',
    metadata: { name },
    spec: {
      resourceRef: { apiGroup: 'v1', kind: 'Pod' },
      selector: { matchExpressions: selector },
      ...(delayMs > 0 ? { delay: { durationMilliseconds: delayMs } } : {}),
      next,
    },
  };
}

const alive: Requirement = { key: '.metadata.deletionTimestamp', operator: 'DoesNotExist' };
const pending: Requirement = { key: '.status.phase', operator: 'In', values: ['Pending'] };
const notExecuted: Requirement = { key: `.metadata.labels["${EXECUTOR_LABEL}"]`, operator: 'DoesNotExist' };
const images = (state: string): Requirement => ({
  key: `.metadata.annotations["${IMAGES_ANNOTATION}"]`,
  operator: 'In',
  values: [state],
});
const scenario = (name?: string): Requirement =>
  name === undefined
    ? { key: `.metadata.labels["${SCENARIO_LABEL}"]`, operator: 'DoesNotExist' }
    : { key: `.metadata.labels["${SCENARIO_LABEL}"]`, operator: 'In', values: [name] };
const notYetRunning: Requirement = {
  key: '.status.containerStatuses.[].state.running.startedAt',
  operator: 'DoesNotExist',
};

function conditions(ready: boolean): string {
  const lines = (type: string, status: boolean) =>
    [
      `- type: ${type}`,
      `  status: "${status ? 'True' : 'False'}"`,
      '  lastProbeTime: null',
      '  lastTransitionTime: {{ $now | Quote }}',
      ...(status
        ? []
        : [
            `  reason: ${type === 'Ready' || type === 'ContainersReady' ? 'ContainersNotReady' : 'NotReady'}`,
          ]),
    ].join('\n');
  return [
    'conditions:',
    lines('PodScheduled', true),
    lines('Initialized', true),
    lines('ContainersReady', ready),
    lines('Ready', ready),
  ].join('\n');
}

/** containerStatuses for every container, with `state` (a template) and the resolved imageID. */
function containerStatuses(options: { ready: boolean; state: string; extra?: string }): string {
  return [
    'containerStatuses:',
    '{{ range $index, $item := .spec.containers }}',
    '- name: {{ $item.name | Quote }}',
    '  image: {{ $item.image | Quote }}',
    `  imageID: {{ index $root.metadata.annotations (printf "${IMAGE_ID_PREFIX}%s" $item.name) | Quote }}`,
    `  ready: ${options.ready}`,
    `  started: true`,
    '  containerID: {{ printf "containerd://%s-%s" $root.metadata.uid $item.name | Quote }}',
    ...(options.extra ? options.extra.split('\n').map((line) => `  ${line}`) : ['  restartCount: 0']),
    '  state:',
    ...options.state.split('\n').map((line) => `    ${line}`),
    '{{ end }}',
  ].join('\n');
}

const header = '{{ $now := Now }}\n{{ $root := . }}';
const addresses = [
  'hostIP: {{ NodeIPWith .spec.nodeName | Quote }}',
  'podIP: {{ PodIPWith .spec.nodeName false .metadata.uid .metadata.name .metadata.namespace | Quote }}',
  'startTime: {{ $now | Quote }}',
].join('\n');

/** The Stages every control plane has: running, image pull failure, deletion. */
export function defaultStages(): KubeObject[] {
  return [
    stage('pod-running', [alive, pending, notExecuted, scenario(), images('resolved'), notYetRunning], {
      statusTemplate: [
        header,
        conditions(true),
        containerStatuses({ ready: true, state: 'running:\n  startedAt: {{ $now | Quote }}' }),
        addresses,
        'phase: Running',
      ].join('\n'),
    }),
    stage(
      'pod-err-image-pull',
      [alive, pending, images('missing'), { key: '.status.containerStatuses', operator: 'DoesNotExist' }],
      {
        statusTemplate: [
          header,
          conditions(false),
          'containerStatuses:',
          '{{ range $index, $item := .spec.containers }}',
          '- name: {{ $item.name | Quote }}',
          '  image: {{ $item.image | Quote }}',
          '  imageID: ""',
          '  ready: false',
          '  started: false',
          '  restartCount: 0',
          '  state:',
          '    waiting:',
          '      reason: ErrImagePull',
          `      message: {{ index $root.metadata.annotations (printf "${IMAGE_ERROR_PREFIX}%s" $item.name) | Quote }}`,
          '{{ end }}',
          addresses,
          'phase: Pending',
        ].join('\n'),
      },
    ),
    stage(
      'pod-image-pull-backoff',
      [
        alive,
        pending,
        images('missing'),
        {
          key: '.status.containerStatuses.[].state.waiting.reason',
          operator: 'In',
          values: ['ErrImagePull'],
        },
      ],
      {
        statusTemplate: [
          header,
          'containerStatuses:',
          '{{ range $index, $item := .spec.containers }}',
          '- name: {{ $item.name | Quote }}',
          '  image: {{ $item.image | Quote }}',
          '  imageID: ""',
          '  ready: false',
          '  started: false',
          '  restartCount: 0',
          '  state:',
          '    waiting:',
          '      reason: ImagePullBackOff',
          `      message: {{ printf "Back-off pulling image %q: %s" $item.image (index $root.metadata.annotations (printf "${IMAGE_ERROR_PREFIX}%s" $item.name)) | Quote }}`,
          '{{ end }}',
        ].join('\n'),
      },
      1000,
    ),
    stage('pod-delete', [{ key: '.metadata.deletionTimestamp', operator: 'Exists' }], { delete: true }),
  ];
}

/**
 * Pods labelled `scenario=crash-loop` run, exit with `exitCode`, and sit in CrashLoopBackOff with the last
 * termination state, as a kubelet reports a container that keeps failing.
 */
export function crashLoopStage(options: {
  exitCode: number;
  restartCount?: number;
  reason?: string;
}): KubeObject {
  const restarts = options.restartCount ?? 3;
  return stage('pod-crash-loop', [alive, pending, scenario('crash-loop'), images('resolved')], {
    statusTemplate: [
      header,
      conditions(false),
      containerStatuses({
        ready: false,
        state: [
          'waiting:',
          '  reason: CrashLoopBackOff',
          `  message: {{ printf "back-off 40s restarting failed container=%s pod=%s_%s(%s)" $item.name $root.metadata.name $root.metadata.namespace $root.metadata.uid | Quote }}`,
        ].join('\n'),
        extra: [
          `restartCount: ${restarts}`,
          'lastState:',
          '  terminated:',
          `    exitCode: ${options.exitCode}`,
          `    reason: ${options.reason ?? 'Error'}`,
          '    startedAt: {{ $now | Quote }}',
          '    finishedAt: {{ $now | Quote }}',
          '    containerID: {{ printf "containerd://%s-%s" $root.metadata.uid $item.name | Quote }}',
        ].join('\n'),
      }),
      addresses,
      'phase: Running',
    ].join('\n'),
  });
}

/** Pods labelled `scenario=never-ready` run but their readiness probe never passes. */
export function neverReadyStage(): KubeObject {
  return stage(
    'pod-never-ready',
    [alive, pending, scenario('never-ready'), images('resolved'), notYetRunning],
    {
      statusTemplate: [
        header,
        conditions(false),
        containerStatuses({ ready: false, state: 'running:\n  startedAt: {{ $now | Quote }}' }),
        addresses,
        'phase: Running',
      ].join('\n'),
    },
  );
}
