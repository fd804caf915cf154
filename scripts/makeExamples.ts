// Writes the example workspace's sources in other formats (examples/newsroom/sources): a PDF bulletin of the
// water agency, a saved web page of another outlet, the captions of a radio interview. The text is ours and
// fictional, like the rest of the example. Run: npx tsx scripts/makeExamples.ts (the files are committed).
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { captionsOf, makeHtmlPage, makePdf, makeVtt, type Cue } from '../tests/formats/fixtures';

const dir = path.join(__dirname, '..', 'examples', 'newsroom', 'sources');

async function main(): Promise<void> {
  const pdf = await makePdf(
    [
      {
        paragraphs: [
          'Hydrology Bulletin for March',
          'This bulletin summarises river levels, rainfall and groundwater across the Sallow valley for the month of March. It is published by the agency for councils, emergency services and the public.',
          'Rainfall across the Sallow valley in March was double the monthly average, with the wettest days between the 11th and the 14th. Soils across the catchment remain saturated and are expected to stay so for several weeks.',
        ],
      },
      {
        paragraphs: [
          'River levels',
          'At the Marrowby gauge the River Sallow rose 4.1 metres above its normal level on the night of March 14, the highest reading at Marrowby since 1987. Levels fell below the flood threshold on March 17.',
          'Upstream at Harlow Cross the river peaked eleven hours earlier. Groundwater boreholes in the lower valley recorded their highest March levels in a decade, and the agency has asked councils to keep temporary defences in place until further notice.',
        ],
      },
      {
        paragraphs: ['Outlook', 'The agency expects river levels to remain elevated through April. Its next bulletin will be published in the first week of May.'],
      },
    ],
    { header: 'Sallow Valley Water Agency - Hydrology Bulletin 3 - Public', footer: 'Sallow Valley Water Agency, Harlow Cross', pageNumbers: true, title: 'Hydrology Bulletin for March' },
  );
  writeFileSync(path.join(dir, 'water-agency-bulletin.pdf'), pdf);

  const html = makeHtmlPage({
    site: 'Harlow Cross Gazette',
    headline: 'Marrowby bridge fund was cut before the flood, papers show',
    date: '2025-03-21',
    paragraphs: [
      'Council papers seen by the Gazette show that Marrowby trimmed the maintenance budget for the Old Quay Bridge by 12 percent last year, a decision taken months before the March flood closed the crossing to cars.',
      'The cut was approved in October as part of a wider package of savings, according to the minutes of the finance committee.',
      'Kestrel Works, the contractor repairing the bridge, now puts the cost of the work at 3.6 million euros, three times its original estimate.',
      'The full council is due to vote on the revised repair budget on April 9.',
    ],
  });
  writeFileSync(path.join(dir, 'harlow-gazette-bridge.html'), html);

  const interview = [
    { voice: 'Presenter', text: 'Anna Petrakis is chief engineer at Kestrel Works, the firm repairing the Old Quay Bridge. When did you find the corrosion?' },
    {
      voice: 'Anna Petrakis',
      text: 'Our divers examined the steelwork in February, and that is when we saw how far the corrosion had gone. We would rather tell the council now than explain a collapse in five years. The footway can stay open while we work.',
    },
    { voice: 'Presenter', text: 'Thank you. That was Anna Petrakis of Kestrel Works, speaking to Marrowby Radio this morning.' },
  ];
  const cues: Cue[] = [];
  let t = 724;
  for (const turn of interview) {
    const part = captionsOf(turn.text, 8, t);
    part.forEach((c, i) => cues.push({ ...c, voice: i === 0 ? turn.voice : undefined }));
    t = part[part.length - 1]!.end + 0.5;
  }
  // The voice tag is repeated on every cue of a turn, as caption tools write it.
  let voice = '';
  for (const c of cues) c.voice = voice = c.voice ?? voice;
  writeFileSync(path.join(dir, 'radio-interview.vtt'), makeVtt(cues));
}

void main();
