// Quote speakers: who said each quotation (attribution after or before it, a previous sentence ending in a
// colon, the quote it continues, neighbouring quotes, transcript turns).
import { PRONOUNS } from './lexicon';
import { DETERMINERS, findAttributions, isCapName, isNounish, npBefore, NP_PREPOSITIONS, resolveNP, subjectAt, TURN_RE, type Attribution, type NP } from './cues';
import { PARTICLES, type People } from './people';
import type { Token } from './tokens';
import type { Mention, Quote, Segmentation } from './types';

function sentenceIndexAt(seg: Segmentation, offset: number): number {
  let lo = 0;
  let hi = seg.sentences.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (seg.sentences[mid]!.start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function tokenIndexAt(toks: Token[], offset: number): number {
  let i = 0;
  while (i < toks.length && toks[i]!.start < offset) i++;
  return i;
}

function setSpeaker(q: Quote, a: Attribution | { speaker: string; role: string | null; mention: Mention | null; cue: string | null }): void {
  q.speaker = a.speaker;
  q.role = a.role;
  q.speakerMention = a.mention;
  q.cue = a.cue;
}

/** Fills in `speaker`, `role`, `speakerMention` and `cue` of every quote. */
export function attributeQuotes(text: string, seg: Segmentation, quotes: Quote[], people: People, sentenceTokens: Token[][]): void {
  const paraOf = (q: Quote) => seg.sentences[sentenceIndexAt(seg, q.start)]!.paragraph;
  for (let qi = 0; qi < quotes.length; qi++) {
    const q = quotes[qi]!;
    const si = sentenceIndexAt(seg, q.start);
    const sent = seg.sentences[si]!;
    const para = sent.paragraph;
    // Tokens of this sentence and the next ones in the paragraph (a quote can span sentences).
    let ei = sentenceIndexAt(seg, Math.max(q.start, q.end - 1));
    const endSent = seg.sentences[ei]!;
    const afterToks = sentenceTokens[ei] ?? [];
    const prevQuote = qi > 0 && paraOf(quotes[qi - 1]!) === para ? quotes[qi - 1]! : null;
    const nextQuote = qi + 1 < quotes.length && paraOf(quotes[qi + 1]!) === para ? quotes[qi + 1]! : null;

    // (a) After the quote: `," he said`, `," said Peskov`, `” Putin told reporters.`, or the next sentence
    // when the quotation closed its sentence (`…?" Rubio said.`).
    let after: Attribution | null = null;
    let nextSentenceAfter = false;
    let afterLoose: Attribution | null = null;
    if (!q.unclosed) {
      let toks = afterToks;
      let a0 = tokenIndexAt(toks, q.end);
      let sentEnd = endSent.end;
      let nextSentence = false;
      if (a0 >= toks.length && ei + 1 < seg.sentences.length && seg.sentences[ei + 1]!.paragraph === para && /^\s*$/.test(text.slice(q.end, seg.sentences[ei + 1]!.start))) {
        toks = sentenceTokens[ei + 1] ?? [];
        a0 = 0;
        sentEnd = seg.sentences[ei + 1]!.end;
        nextSentence = true;
      }
      let limit = toks.length;
      if (nextQuote && nextQuote.start < sentEnd) limit = Math.min(limit, tokenIndexAt(toks, nextQuote.start));
      limit = Math.min(limit, a0 + 40);
      let lead = a0;
      let dashed = false;
      while (lead < limit && !toks[lead]!.word && /[,—–―\-]/.test(toks[lead]!.text)) {
        if (toks[lead]!.text !== ',') dashed = true;
        lead++;
      }
      // ", as a Homeland Security memo put it."
      if (lead + 1 < limit && toks[lead]!.lower === 'as' && toks[lead - 1]?.text === ',') lead++;
      const found = findAttributions(text, toks, lead, limit, people, para);
      const first = found[0];
      const leadTok = toks[lead];
      if (!first && dashed && leadTok && isCapName(leadTok)) {
        // A signature line: `“…” ― Pamela Padilla`.
        let e = lead;
        while (e < limit && (isCapName(toks[e]!) || (toks[e]!.cap && toks[e]!.word) || PARTICLES.has(toks[e]!.lower))) e++;
        const rest = toks.slice(e, limit);
        if (e - lead <= 5 && (rest.length === 0 || rest[0]!.text === ',' || (rest.length === 1 && !rest[0]!.word))) {
          const np: NP = { tokens: toks.slice(lead, e), pronoun: false };
          const dash = toks[lead - 1]!;
          after = { ...resolveNP(np, text, people, para), cue: dash.text, cueStart: dash.start, cueEnd: dash.end };
        }
      }
      if (first && leadTok && first.mention.start >= leadTok.start && first.cueStart - q.end < 240) {
        // The subject must follow the quote directly (a noun phrase from the first word), or the cue must ("said Peskov").
        if (first.mention.start === leadTok.start || first.cueStart === leadTok.start) after = first;
        else if (!PRONOUNS[first.mention.text.toLowerCase()]) {
          // The subject noun phrase starts at the quote, with modifiers or a prepositional phrase the parse left out
          // ("a Democratic staffer in the room wondered").
          const gapToks = toks.slice(lead, tokenIndexAt(toks, first.mention.start));
          const g0 = gapToks[0];
          const npToken = (u: Token) =>
            u.word ? u.cap || /^\d/.test(u.text) || DETERMINERS.has(u.lower) || NP_PREPOSITIONS.has(u.lower) || (isNounish(u) && !/(?:ing|ed)$/.test(u.lower)) : /^[-’'&.]$/.test(u.text);
          if (g0 && gapToks.length <= 10 && !NP_PREPOSITIONS.has(g0.lower) && g0.word && gapToks.every(npToken) && (gapToks.some((u) => u.cap) || /\p{Lu}/u.test(first.mention.text) || DETERMINERS.has(g0.lower))) {
            after = { ...first, mention: { start: leadTok.start, end: first.mention.end, text: text.slice(leadTok.start, first.mention.end) } };
          }
        }
        if (!after && !nextSentence && !dashed) afterLoose = first;
        // "…,” Sanders said, according to CNN.": the reported source is the outlet.
        if (after && after.cue !== 'according to') {
          const acc = found.find((f) => f.cue === 'according to' && f.cueStart > after!.cueEnd && /^[^.!?“”"]{0,40},\s*$/.test(text.slice(after!.cueEnd, f.cueStart)));
          if (acc) after = acc;
        }
        if (after && nextSentence && !/[?!]\s*$/.test(text.slice(q.contentStart, q.contentEnd))) {
          // A following sentence attributes the quotation only when it is a bare attribution ("Rubio said.", "he added on Monday.").
          const c = tokenIndexAt(toks, after.cueEnd);
          const rest = toks.slice(c, limit);
          if (rest.length > 12 || rest.some((u) => /^(?:that|[“”"])$/.test(u.lower)) || limit < toks.length) after = null;
          nextSentenceAfter = after !== null;
        }
      }
    }
    // (b) Before the quote, within its sentence (or after the previous quote in the sentence).
    let before: Attribution | null = null;
    let beforeAdjacent = false;
    {
      const toks = sentenceTokens[si] ?? [];
      let from = 0;
      if (prevQuote && prevQuote.end > sent.start) from = tokenIndexAt(toks, prevQuote.end);
      const to = tokenIndexAt(toks, q.start);
      const found = findAttributions(text, toks, from, to, people, para);
      if (found.length) {
        before = found[found.length - 1]!;
        // "According to Yahoo News, Clinton's spokesman said …": the reported source is the outlet.
        if (found.length > 1 && found[0]!.cue === 'according to' && /^[^.!?“”"]{0,60},/.test(text.slice(found[0]!.mention.end, found[1]!.cueStart))) before = { ...before, speaker: found[0]!.speaker, role: found[0]!.role, mention: found[0]!.mention, person: found[0]!.person };
        // "Rubio said that … he called a “con artist”": a pronoun for the person the sentence already named.
        if (before.person && /^\p{Ll}+$/u.test(before.mention.text) || (before.person && PRONOUNS[before.mention.text.toLowerCase()])) {
          const named = found.find((f) => f.person === before!.person && !PRONOUNS[f.mention.text.toLowerCase()]);
          if (named) before = { ...before, mention: named.mention, speaker: named.speaker, role: named.role };
        }
        const between = text.slice(before.cueEnd, q.start);
        const trimmed = between.trim();
        beforeAdjacent = trimmed === '' || trimmed === ',' || trimmed === ':' || /^[^.!?"“”]{0,80}[,:]$/.test(trimmed);
      } else if (to > from && (toks[to - 1]?.text === ':' || toks[to - 1]?.text === ',')) {
        // "Mr. Zelensky raised the question, “...”", "The president had a message: “...”": the clause's subject.
        const lo = toks[from]?.start ?? sent.start;
        const subj = people.mentions.filter((m) => m.start >= lo && m.start < q.start && m.weight >= 2.5).pop();
        if (subj) {
          const mention = { start: subj.start, end: subj.end, text: text.slice(subj.start, subj.end) };
          const p = toks[to - 1]!;
          before = { speaker: subj.person.name, role: subj.person.role, mention, person: subj.person, cue: p.text, cueStart: p.start, cueEnd: p.end };
          beforeAdjacent = true;
        } else if (toks[to - 1]!.text === ':') {
          // A speaker label before a colon: "Michael P. McDonald: “…”", or the subject of the introducing clause.
          const p = toks[to - 1]!;
          const np = npBefore(toks, to - 1, from) ?? subjectAt(toks, from, to - 1);
          if (np && (np.pronoun || np.tokens.some((u) => u.cap && u.word))) {
            before = { ...resolveNP(np, text, people, para), cue: p.text, cueStart: p.start, cueEnd: p.end };
            beforeAdjacent = true;
          }
        }
      }
      if (!before && si > 0 && to === 0) {
        // The previous sentence ends with a colon or a cue and a comma: "He said:" / "Trump stated," / "Transcript as follows:"
        const prev = seg.sentences[si - 1]!;
        if (prev.paragraph === para || /[:,]\s*$/.test(text.slice(prev.start, prev.end))) {
          const ptoks = sentenceTokens[si - 1] ?? [];
          const tail = text.slice(Math.max(prev.start, prev.end - 3), prev.end);
          if (/[:,]\s*$/.test(tail)) {
            const colon = /:\s*$/.test(tail);
            const found2 = findAttributions(text, ptoks, colon ? 0 : Math.max(0, ptoks.length - 12), ptoks.length, people, prev.paragraph);
            if (found2.length) {
              before = found2[found2.length - 1]!;
              beforeAdjacent = true;
            } else if (colon) {
              const np = subjectAt(ptoks, 0, ptoks.length - 1);
              if (np) {
                const p = ptoks[ptoks.length - 1]!;
                before = { ...resolveNP(np, text, people, prev.paragraph), cue: p.text, cueStart: p.start, cueEnd: p.end };
                beforeAdjacent = true;
              }
            }
          }
        }
      }
    }
    // Participle cue right after a quote ("…,” adding that it is “illogical”): same speaker as the sentence.
    let chosen: Attribution | null = null;
    if (before && after && nextSentenceAfter) chosen = before;
    else if (before && beforeAdjacent) chosen = before;
    else if (after) chosen = after;
    else if (before) chosen = before;
    else if (afterLoose) chosen = afterLoose;
    if (chosen && chosen.person && PRONOUNS[chosen.mention.text.toLowerCase()]) {
      // "DuVernay said … because “…,” she said": the named mention of the same person.
      const other = chosen === before ? after : before;
      if (other && other.person === chosen.person && !PRONOUNS[other.mention.text.toLowerCase()]) chosen = { ...chosen, mention: other.mention, speaker: other.speaker, role: other.role };
    }
    if (chosen) {
      setSpeaker(q, chosen);
      continue;
    }
    // A transcript turn (`"PENCE: Well, … “Shark Tank.” …`): words quoted inside the turn are the labelled speaker's.
    {
      const p = seg.paragraphs[para]!;
      const m = TURN_RE.exec(text.slice(p.start, Math.min(p.end, p.start + 40)));
      if (m && q.start > p.start + m[0].length) {
        const ls = p.start + m.index + m[0].indexOf(m[1]!);
        const label = m[1]!;
        setSpeaker(q, { speaker: label, role: null, mention: { start: ls, end: ls + label.length, text: label }, cue: ':' });
        continue;
      }
    }
    // (c) A split quote or the next sentence of a quoted paragraph: the previous quote's speaker.
    if (q.continues >= 0 && quotes[q.continues]?.speaker) {
      const src = quotes[q.continues]!;
      setSpeaker(q, { speaker: src.speaker!, role: src.role, mention: src.speakerMention, cue: src.cue });
      continue;
    }
    if (prevQuote?.speaker) {
      setSpeaker(q, { speaker: prevQuote.speaker, role: prevQuote.role, mention: prevQuote.speakerMention, cue: prevQuote.cue });
      continue;
    }
    // A quotation opening a sentence right after a reported statement in the same paragraph
    // ("…, Schiff said. “The other factor…”"): the speaker of that statement.
    if (si > 0 && q.start - sent.start < 2 && q.full && seg.sentences[si - 1]!.paragraph === para && !(prevQuote && prevQuote.end > seg.sentences[si - 1]!.start)) {
      const ptoks = sentenceTokens[si - 1] ?? [];
      const found = findAttributions(text, ptoks, 0, ptoks.length, people, para);
      const last = found[found.length - 1];
      if (last && !PRONOUNS[last.mention.text.toLowerCase()] && /\p{Lu}/u.test(last.mention.text)) {
        setSpeaker(q, last);
        continue;
      }
    }
  }
  // (d) Backwards: `“A.” “B,” he said.` gives A the speaker of B; and quotes opening a paragraph right after
  // one whose quote was attributed carry on that speaker when the paragraph attributes nothing else.
  for (let qi = quotes.length - 2; qi >= 0; qi--) {
    const q = quotes[qi]!;
    const n = quotes[qi + 1]!;
    if (!q.speaker && n.speaker && paraOf(q) === paraOf(n) && /^[\s]*$/.test(text.slice(q.end, n.start))) {
      setSpeaker(q, { speaker: n.speaker, role: n.role, mention: n.speakerMention, cue: n.cue });
    }
  }
  for (let qi = 1; qi < quotes.length; qi++) {
    const q = quotes[qi]!;
    if (q.speaker) continue;
    const p = seg.paragraphs[paraOf(q)]!;
    const prev = quotes[qi - 1]!;
    const startsParagraph = q.start - p.start < 2;
    if (startsParagraph && prev.speaker && paraOf(prev) >= paraOf(q) - 1 && (q.full || q.continues >= 0)) {
      setSpeaker(q, { speaker: prev.speaker, role: prev.role, mention: prev.speakerMention, cue: prev.cue });
    }
  }
}

export { sentenceIndexAt, tokenIndexAt };
