// deploy-status end to end with real Argo CD (the cases: gitops-cases.ts).
import { describeGitOpsPipeline } from './gitops-cases.js';

describeGitOpsPipeline('argocd');
