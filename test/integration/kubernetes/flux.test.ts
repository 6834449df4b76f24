// Real Flux (source-controller, kustomize-controller) against the test control plane, reading the manifests
// repository from the GitHub API emulator, and deploy-status following its deploys: one control plane and one
// Flux for all cases (gitops-cases.ts).
import { describeGitOpsPipeline } from './gitops-cases.js';

describeGitOpsPipeline('flux');
