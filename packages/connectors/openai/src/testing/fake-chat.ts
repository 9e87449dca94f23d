/**
 * POST /v1/chat/completions for the fake OpenAI. It reads the transcript back out of the prompt
 * (the `caller: ...` / `agent: ...` lines of renderTranscript) and answers with whatever the
 * injected analyzer computes from it — in tests the local heuristic analyzer — so answers differ per
 * call and a connector that sends the wrong transcript gets the wrong analysis.
 */
import type { AnalyzeCallInput, TranscriptTurn } from '@voxanne/connector-kit';
import type { FakeReply, FakeServer } from '@voxanne/connector-kit/testing';

export type FakeAnalyze = (input: AnalyzeCallInput) => unknown;

/** A forced next answer: raw message content, a refusal, or a cut-off completion. */
export interface ForcedAnswer {
  content?: string | null;
  refusal?: string;
  finishReason?: 'stop' | 'length' | 'content_filter';
}

type Reply = (status: number, message: string, code: string | null, param?: string | null) => FakeReply;

export function installChatCompletions(http: FakeServer, opts: { models: string[]; analyze?: FakeAnalyze; error: Reply }): { forceNext(a: ForcedAnswer): void } {
  const forced: ForcedAnswer[] = [];
  let seq = 0;

  http.route('POST', '/v1/chat/completions', (req) => {
    const b = (req.body ?? {}) as { model?: unknown; messages?: unknown; response_format?: unknown };
    if (typeof b.model !== 'string' || !opts.models.includes(b.model)) {
      return opts.error(404, `The model '${String(b.model)}' does not exist`, 'model_not_found', 'model');
    }
    if (!Array.isArray(b.messages) || b.messages.length === 0) return opts.error(400, "Missing required parameter: 'messages'.", 'missing_required_parameter', 'messages');
    const rf = b.response_format as { type?: unknown; json_schema?: { name?: unknown; strict?: unknown; schema?: unknown } } | undefined;
    if (rf?.type === 'json_schema' && (typeof rf.json_schema?.name !== 'string' || typeof rf.json_schema.schema !== 'object')) {
      return opts.error(400, "Missing required parameter: 'response_format.json_schema.name'.", 'missing_required_parameter', 'response_format');
    }

    const computed = forced.shift() ?? computeAnswer(b.messages, opts.analyze);
    if ('error' in computed) return computed.error;
    const answer: ForcedAnswer = computed;
    return {
      json: {
        id: `chatcmpl-fake${++seq}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: b.model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: answer.refusal ? null : (answer.content ?? null), refusal: answer.refusal ?? null, annotations: [] },
            logprobs: null,
            finish_reason: answer.finishReason ?? 'stop',
          },
        ],
        usage: { prompt_tokens: 100, completion_tokens: 50, total_tokens: 150 },
      },
    };
  });

  return { forceNext: (a) => void forced.push(a) };
}

function computeAnswer(messages: unknown[], analyze: FakeAnalyze | undefined): ForcedAnswer | { error: FakeReply } {
  if (!analyze) return { error: { status: 400, json: { error: { message: 'fake: startFakeOpenAi was given no analyze function', type: 'invalid_request_error', param: null, code: null } } } };
  const user = messages.map((m) => m as { role?: unknown; content?: unknown }).filter((m) => m.role === 'user').map((m) => textOf(m.content)).join('\n');
  return { content: JSON.stringify(analyze(parsePrompt(user))) };
}

/** Message content is a string or an array of `{type:'text', text}` parts. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p) => (p && typeof p === 'object' && typeof (p as { text?: unknown }).text === 'string' ? (p as { text: string }).text : '')).join('\n');
  return '';
}

export function parsePrompt(text: string): AnalyzeCallInput {
  const transcript: TranscriptTurn[] = [];
  const context: NonNullable<AnalyzeCallInput['context']> = {};
  for (const line of text.split('\n')) {
    const turn = /^(agent|caller): (.*)$/.exec(line);
    if (turn) transcript.push({ role: turn[1] as TranscriptTurn['role'], text: turn[2]! });
    const clinic = /^Clinic: (.+)$/.exec(line);
    if (clinic) context.clinicName = clinic[1]!;
    const services = /^Services offered: (.+)$/.exec(line);
    if (services) context.services = services[1]!.split(', ');
  }
  return { transcript, context };
}
