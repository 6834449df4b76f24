import { startControlPlane } from '../test/harness/kube/control-plane.js';
import { RESOURCES } from '../src/kubernetes/resources.js';
const cluster = await startControlPlane({ nodes: 1 });
try {
  await cluster.client.create(RESOURCES.configMap, 'default', { metadata: { name: 'x' }, data: { a: 'b' } });
  try { await cluster.client.delete(RESOURCES.configMap, 'default', 'x'); console.log('deleted ok'); } catch (e) { console.log('ERR', String(e)); }
  await cluster.client.create(RESOURCES.configMap, 'default', { metadata: { name: 'y' }, data: { a: 'b' } });
  try { await cluster.client.delete(RESOURCES.configMap, 'default', 'y', {propagationPolicy: 'Background'}); console.log('deleted ok with body'); } catch (e) { console.log('ERR', String(e)); }
} finally { await cluster.stop(); }
