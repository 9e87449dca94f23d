import { api, type Agent } from '../api.ts';
import { useResource } from './useAsync.ts';

/**
 * The org's agents (first 50), to name them in call lists and offer them in filters and forms. The lists
 * still work if this fails: an unknown agent shows its id.
 */
export function useAgents() {
  const agents = useResource(() => api.listAgents(), []);
  const list: Agent[] = agents.state.status === 'ready' ? agents.state.data.data : [];
  const agentName = (id: string | null) => (id ? (list.find((a) => a.id === id)?.name ?? id) : '—');
  return { agents, list, agentName };
}
