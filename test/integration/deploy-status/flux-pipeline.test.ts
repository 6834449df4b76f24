// deploy-status end to end with real Flux (the cases: gitops-cases.ts).
import { describeGitOpsPipeline } from './gitops-cases.js';

describeGitOpsPipeline('flux');
