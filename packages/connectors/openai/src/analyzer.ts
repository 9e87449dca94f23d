/**
 * LlmConnector on OpenAI chat completions with strict structured outputs (json_schema), through the
 * official SDK with maxRetries 0: retries belong to the job queue, which sees `retryable`. Even with
 * strict mode the answer is validated — refusals, truncation and model drift all happen.
 */
import OpenAI from 'openai';
import {
  CALL_ANALYSIS_JSON_SCHEMA,
  ConnectorError,
  normalizeAnalyzeInput,
  parseCallAnalysis,
  type ConnectionCheck,
  type LlmConnector,
} from '@voxanne/connector-kit';
import { ANALYZER_SYSTEM_PROMPT, buildUserMessage } from './analyzer-prompt.ts';
import { OPENAI, mapOpenAiError } from './errors.ts';
import { OPENAI_DEFAULT_BASE_URL } from './tts.ts';

export interface OpenAiAnalyzerSettings {
  apiKey: string;
  /** Must include /v1. Default https://api.openai.com/v1. Point at the fake in tests. */
  baseUrl?: string;
  /** Default gpt-4o-mini. Must support json_schema structured outputs. */
  model?: string;
  organization?: string;
  project?: string;
  /** Per HTTP request. Default 60 000: a long call takes a while to read. */
  timeoutMs?: number;
  /** Transcript characters sent, longer calls are cut in the middle. Default 60 000 (~15k tokens). */
  maxTranscriptChars?: number;
}

/** The schema's name in the request; OpenAI allows [a-zA-Z0-9_-]. */
export const CALL_ANALYSIS_SCHEMA_NAME = 'call_analysis';

const fail = (message: string): never => {
  throw new ConnectorError({ connector: OPENAI, code: 'invalid_response', message: `openai: ${message}` });
};

export function createOpenAiAnalyzer(settings: OpenAiAnalyzerSettings): LlmConnector {
  const model = settings.model ?? 'gpt-4o-mini';
  // Every option is explicit (null where unused) so the SDK's OPENAI_* env fallbacks never apply.
  const client = new OpenAI({
    apiKey: settings.apiKey,
    baseURL: settings.baseUrl ?? OPENAI_DEFAULT_BASE_URL,
    organization: settings.organization ?? null,
    project: settings.project ?? null,
    adminAPIKey: null,
    webhookSecret: null,
    maxRetries: 0,
    timeout: settings.timeoutMs ?? 60_000,
  });

  return {
    id: OPENAI,

    async analyzeCall(input) {
      const turns = normalizeAnalyzeInput(input, OPENAI);
      let res: OpenAI.Chat.Completions.ChatCompletion;
      try {
        res = await client.chat.completions.create({
          model,
          temperature: 0, // analysis, not prose: the same call should read the same way on a re-run
          messages: [
            { role: 'system', content: ANALYZER_SYSTEM_PROMPT },
            { role: 'user', content: buildUserMessage(turns, input.context, settings.maxTranscriptChars ?? 60_000) },
          ],
          response_format: {
            type: 'json_schema',
            json_schema: { name: CALL_ANALYSIS_SCHEMA_NAME, strict: true, schema: CALL_ANALYSIS_JSON_SCHEMA as unknown as Record<string, unknown> },
          },
        });
      } catch (e) {
        throw mapOpenAiError(e, 'analyze call');
      }
      const choice = res.choices?.[0] ?? fail('analyze call returned no choices');
      if (choice.message?.refusal) fail('the model refused to analyse the call');
      // 'length' means the JSON was cut off; 'content_filter' means it was withheld. Neither parses.
      if (choice.finish_reason !== 'stop') fail(`analysis ended with finish_reason ${String(choice.finish_reason)}`);
      const content = choice.message?.content ?? fail('analysis has no content');
      let json: unknown;
      try {
        json = JSON.parse(content);
      } catch {
        fail('analysis is not valid JSON');
      }
      return parseCallAnalysis(json, OPENAI);
    },

    async testConnection(): Promise<ConnectionCheck> {
      try {
        const page = await client.models.list();
        return page.data.some((m) => m.id === model)
          ? { ok: true, detail: `OpenAI API reachable; ${model} available` }
          : { ok: false, detail: `OpenAI API key accepted, but model ${model} is not available to it` };
      } catch (e) {
        const err = mapOpenAiError(e, 'list models');
        const message = err.message.split(settings.apiKey).join('***');
        return { ok: false, detail: `${err.code}${err.status ? ` (HTTP ${err.status})` : ''}: ${message}` };
      }
    },
  };
}
