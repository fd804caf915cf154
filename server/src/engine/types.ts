// Types shared by every stage of the engine. The engine is pure: text and settings in, findings out.
// Offsets are UTF-16 code-unit offsets into the document text (JavaScript string indices).

export interface Span {
  start: number;
  end: number;
}

export type ParagraphKind = 'text' | 'heading' | 'bullet' | 'debris' | 'byline' | 'blank';

export interface Paragraph extends Span {
  kind: ParagraphKind;
  /** Index of the first sentence of this paragraph in `Segmentation.sentences`. */
  firstSentence: number;
  sentenceCount: number;
}

export interface Sentence extends Span {
  paragraph: number;
  /** True for headings, bylines, page debris: never claims. */
  boilerplate: boolean;
}

export interface Segmentation {
  paragraphs: Paragraph[];
  sentences: Sentence[];
}

export interface Mention extends Span {
  text: string;
}

export interface Quote extends Span {
  /** Text between the marks (or to the end of an unclosed quote). */
  text: string;
  contentStart: number;
  contentEnd: number;
  /** The quote had no closing mark. */
  unclosed: boolean;
  /** Index of the quote this one continues (split by attribution or across paragraphs), or -1. */
  continues: number;
  /** Resolved speaker name ("Vladimir Putin"), or null. */
  speaker: string | null;
  /** Role or title given in the text ("Kremlin spokesman"), or null. */
  role: string | null;
  /** The words in the text that name the speaker ("he", "Putin"), or null. */
  speakerMention: Mention | null;
  /** The attribution cue ("said", "told reporters", "according to"), or null. */
  cue: string | null;
  /** How many words the quotation has. */
  words: number;
  /** A sentence or more (not a scare quote or a title). */
  full: boolean;
}

export interface SentenceJudgment extends Span {
  text: string;
  /** Check-worthiness in [0, 1]. */
  score: number;
  attributed: boolean;
  cited: boolean;
  /** Who the sentence is attributed to, when known. */
  source: string | null;
}

export interface Analysis {
  segmentation: Segmentation;
  quotes: Quote[];
  sentences: SentenceJudgment[];
}

export type DiagnosticCode =
  | 'quote'
  | 'unattributed-quote'
  | 'unsupported-claim'
  | 'uncited-claim'
  | 'quote-mismatch'
  | 'speaker-mismatch'
  | 'contradicted-claim';

export const DIAGNOSTIC_CODES: readonly DiagnosticCode[] = [
  'quote',
  'unattributed-quote',
  'unsupported-claim',
  'uncited-claim',
  'quote-mismatch',
  'speaker-mismatch',
  'contradicted-claim',
];

export type SeverityName = 'error' | 'warning' | 'information' | 'hint' | 'off';

/** A passage of another document that corroborates a quote or claim. */
export interface Passage {
  /** Document identifier: a URI in the language server, a path in the CLI. */
  path: string;
  start: number;
  end: number;
  /** 0-based line of `start`. */
  line: number;
  /** 0-based UTF-16 column of `start` on that line. */
  character?: number;
  text: string;
  score: number;
  /** Normalised terms the query and passage share, for emphasis in snippets. */
  matched?: string[];
  /** Relevance the results are ordered by (BM25 of the document's passages); not bounded. */
  rank?: number;
  /** The format of a document extracted from another (PDF, HTML...); absent for text files. `start`/`end`
   * then index the extracted text. */
  format?: 'pdf' | 'html' | 'docx' | 'vtt' | 'srt' | 'claimreview';
  /** 1-based page of a PDF passage. */
  page?: number;
  /** Start time in seconds of a transcript passage (WebVTT, SRT). */
  time?: number;
  /** The verdict of a published fact-check (ClaimReview) whose reviewed claim this passage is. */
  rating?: { value: string; publisher: string; date: string; url: string };
  /** A passage of the shared archive (PostgreSQL), not of the workspace. */
  archive?: boolean;
}

/** How a passage differs from the claim it contradicts (SPEC, JSON `contradictions[].reason`). */
export type ContradictionReason = 'figure' | 'date' | 'place' | 'negation' | 'antonym' | 'actor' | 'other';

/** A passage that reports the same thing differently, with what differs ("14 vs 12": theirs vs ours). */
export interface ContradictingPassage extends Passage {
  reason: ContradictionReason;
  detail: string;
  /** Both wordings, word by word, the differing words marked (our sentence `del`, the passage `add`). */
  diff?: DiffPart[];
  /** The passage's words and ours where they part ("14", "12"). */
  there?: string;
  here?: string;
}

export type ClaimStatus = 'unsupported' | 'uncited' | 'attributed' | 'cited';

export interface Finding extends Span {
  code: DiagnosticCode;
  message: string;
  /** The quote or the sentence the finding is about. */
  text: string;
  speaker?: string | null;
  role?: string | null;
  cue?: string | null;
  score?: number;
  passages: Passage[];
  /** For quote-mismatch: word-level difference against passages[0]. */
  diff?: DiffPart[];
  /** For speaker-mismatch: the other speaker. */
  otherSpeaker?: string;
  /** For contradicted-claim: the passages that report the same thing differently, best first. */
  contradictions?: ContradictingPassage[];
  /** Figures of the text that the best passage gives differently (shown in the hover). */
  figures?: { here: string[]; there: string[]; passage: Passage };
}

export interface DiffPart {
  op: 'same' | 'add' | 'del';
  text: string;
}
