import * as api from '../generated/sdk.gen.js';
import type {
  Agent,
  AgentId,
  AgentRevision,
  AgentRevisionId,
  CreateAgentData,
  ListAgentRevisionsData,
  ListAgentsData,
  UpdateAgentData,
} from '../generated/types.gen.js';
import { ApiPromise, call, callVoid } from '../api-promise.js';
import { paginate, type Paginated } from '../pagination.js';
import type { Context } from '../context.js';
import type { RequestOptions } from '../options.js';

/** What `voicePreview` resolves to: the audio bytes as the server sent them and their media type. */
export interface VoicePreview {
  audio: Uint8Array<ArrayBuffer>;
  /** `audio/wav` for the local voice, `audio/mpeg` for ElevenLabs and OpenAI. */
  contentType: string;
}

/** Voice agents: every change is an immutable revision; nothing reaches the voice vendor until `publish`. */
export class Agents {
  readonly #ctx: Context;
  constructor(ctx: Context) {
    this.#ctx = ctx;
  }

  /** Newest first. */
  list(query: NonNullable<ListAgentsData['query']> = {}, options?: RequestOptions): Paginated<Agent> {
    return paginate(query, (q) => call(api.listAgents({ ...this.#ctx.request(options), query: q })));
  }

  /** Creates the agent at revision 1, unpublished. Fields left out get the API's defaults (local voice, gpt-4o ...). */
  create(body: CreateAgentData['body'], options?: RequestOptions): ApiPromise<Agent> {
    return call(api.createAgent({ ...this.#ctx.request(options), body }));
  }

  /** Includes the sync status: `sync_status`, `sync_will_retry`, `live_revision_id`, `last_sync_error`. */
  retrieve(agentId: AgentId, options?: RequestOptions): ApiPromise<Agent> {
    return call(api.getAgent({ ...this.#ctx.request(options), path: { agent_id: agentId } }));
  }

  /** Writes a new revision (none when nothing changed); it stays a draft until published. `kind` cannot change. */
  update(agentId: AgentId, body: UpdateAgentData['body'], options?: RequestOptions): ApiPromise<Agent> {
    return call(api.updateAgent({ ...this.#ctx.request(options), path: { agent_id: agentId }, body }));
  }

  /** Gone at once, its numbers detached; removal from the vendor runs as a retried background job. */
  delete(agentId: AgentId, options?: RequestOptions): ApiPromise<void> {
    return callVoid(api.deleteAgent({ ...this.#ctx.request(options), path: { agent_id: agentId } }));
  }

  /** Newest first; each carries the full configuration of that revision. */
  revisions(agentId: AgentId, query: NonNullable<ListAgentRevisionsData['query']> = {}, options?: RequestOptions): Paginated<AgentRevision> {
    return paginate(query, (q) => call(api.listAgentRevisions({ ...this.#ctx.request(options), path: { agent_id: agentId }, query: q })));
  }

  /** Writes a new revision copying `revisionId` (history is never rewritten); a published agent re-syncs it. */
  rollback(agentId: AgentId, revisionId: AgentRevisionId, options?: RequestOptions): ApiPromise<Agent> {
    return call(api.rollbackAgent({ ...this.#ctx.request(options), path: { agent_id: agentId }, body: { revision_id: revisionId } }));
  }

  /**
   * Queues the sync and answers at once with `sync_status: 'pending'`; poll `retrieve` until `synced` or
   * `failed` (with `sync_will_retry` saying whether the job keeps trying by itself).
   */
  publish(agentId: AgentId, options?: RequestOptions): ApiPromise<Agent> {
    return call(api.publishAgent({ ...this.#ctx.request(options), path: { agent_id: agentId } }));
  }

  /** The saved voice saying `text` (default: the first message). Repeats are served from the server's cache. */
  voicePreview(agentId: AgentId, body: { text?: string } = {}, options?: RequestOptions): ApiPromise<VoicePreview> {
    const result = api.previewAgentVoice({
      ...this.#ctx.request(options),
      path: { agent_id: agentId },
      // No body at all when there is no text: the generated client then drops the JSON content type too.
      body: body.text === undefined ? undefined : body,
      // The generated default would hand back a Blob; bytes work the same in Node and the browser.
      parseAs: 'arrayBuffer',
    });
    return new ApiPromise(
      result.then(({ data, response }) => ({
        data: { audio: new Uint8Array(data as unknown as ArrayBuffer), contentType: response.headers.get('content-type') ?? 'application/octet-stream' },
        response,
      })),
    );
  }
}
