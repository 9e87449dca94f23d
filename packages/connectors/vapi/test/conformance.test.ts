import { runVoiceConformance } from '@voxanne/connector-kit/testing';
import { vapiConformanceContext } from '../src/testing/index.ts';

runVoiceConformance('vapi (against fake Vapi)', vapiConformanceContext);
