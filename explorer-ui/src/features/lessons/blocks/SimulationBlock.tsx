// ```simulation: a scenario of the in-browser simulation (two endpoints
// back to back, engine/simulation-scenarios.ts) by its title and summary,
// with a link that opens it in the Simulation view.

import { useTranslation } from 'react-i18next';
import { scenarioById } from '../../../../../engine/simulation-scenarios';
import { RfcRef } from '../../../widgets/RfcRef';
import type { LessonBlock } from '../lesson-blocks';
import { BlockProblem } from './BlockProblem';

function useText() {
  const { t } = useTranslation();
  return { label: t('lessons.blocks.simulationLabel'), open: t('lessons.blocks.openInSimulation'), missing: (id: string) => t('lessons.blocks.noScenario', { id }) };
}

/** The Simulation view's link to one scenario. */
export function simulationLink(scenario: string): string {
  return `#/simulation?scenario=${encodeURIComponent(scenario)}`;
}

export function SimulationBlock({ block }: { block: Extract<LessonBlock, { type: 'simulation' }> }) {
  const TEXT = useText();
  const scenario = scenarioById(block.scenario);
  if (!scenario) return <BlockProblem type="simulation" message={TEXT.missing(block.scenario)} />;
  return (
    <figure className="lesson-block lesson-block--simulation" data-testid="lesson-simulation">
      <figcaption>
        <span className="lesson-block__label">{TEXT.label}</span> <strong>{scenario.title}</strong>{' '}
        {scenario.rfc.map((section) => <RfcRef key={section} section={section} />)}
      </figcaption>
      <p>{scenario.summary}</p>
      <p className="lesson-block__actions">
        <a className="lesson-block__link" href={simulationLink(scenario.id)}>{TEXT.open}</a>
      </p>
    </figure>
  );
}
