'use client';

import { ReactFlowProvider } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useCatalogue } from '@/lib/queries';
import { TriggerHealthNote } from '@/components/konnectors/trigger-health-note';
import { ActiveSwitch } from './active-switch';
import { SaveAsDraftContext } from './hook-draft-context';
import { Canvas } from './canvas';
import { CanvasContext, type CanvasActions } from './canvas-context';
import { INSERT_CHOICES } from './insert-choices';
import { canRedo, canUndo } from './model/history';
import { findStep } from './model/tree';
import { stepInfo, triggerInfo } from './node-info';
import { PopoverMenu, type MenuRequest } from './popover-menu';
import { ProblemsButton } from './problems-button';
import { RunsDrawer } from './runs-drawer';
import { SaveDialog } from './save-dialog';
import { SidePanel } from './side-panel';
import { TestData } from './test-data';
import { sampleFor, stepOutputs } from './panels/sample-record';
import { TestRunDialog } from './test-run-dialog';
import { needsConfirm, testPlan } from './test-plan';
import { Toolbar } from './toolbar';
import { useBuilder, type BuilderInit } from './use-builder';
import { useLeaveGuard } from './use-leave-guard';
import { useShortcuts } from './use-shortcuts';
import { VersionsDrawer } from './versions-drawer';
import { AlertsDrawer } from './alerts-drawer';

/** The konnector builder: toolbar, canvas, the selected node's panel, drawers. */
export function Builder({ workspaceId, init }: { workspaceId: string; init: BuilderInit }) {
  const b = useBuilder(workspaceId, init);
  const { state, dispatch, konnector } = b;
  const catalogue = useCatalogue().data ?? [];
  const [menu, setMenu] = useState<MenuRequest | null>(null);
  const [testData, setTestData] = useState<{ stepId: string; anchor: HTMLElement } | null>(null);
  // ?panel=alerts (the link in an auto-pause alert) opens the Alerts panel with its Resume button.
  const [drawer, setDrawer] = useState<'versions' | 'runs' | 'alerts' | null>(null);
  useEffect(() => {
    if (new URLSearchParams(window.location.search).get('panel') === 'alerts') setDrawer('alerts');
  }, []);
  const [problemsOpen, setProblemsOpen] = useState(false);
  const [naming, setNaming] = useState(false);
  const [confirmTest, setConfirmTest] = useState(false);
  const [focus, setFocus] = useState<{ stepId: string; nonce: number } | null>(null);
  const panToSelection = useRef(false);

  useLeaveGuard(b.dirty);

  const select = useCallback((stepId: string | null) => dispatch({ type: 'select', id: stepId }), [dispatch]);
  const draftNow = useRef(state.draft);
  draftNow.current = state.draft;
  const actions = useMemo<CanvasActions>(
    () => ({
      dispatch: (action) => {
        if (action.type === 'insert' || action.type === 'duplicate') panToSelection.current = true;
        dispatch(action);
      },
      select: (stepId) => dispatch({ type: 'select', id: stepId }),
      openMenu: (anchor, label, items) => setMenu({ anchor, label, items }),
      openInsert: (anchor, at) =>
        setMenu({
          anchor,
          label: 'Add a step',
          items: INSERT_CHOICES.filter((c) => !c.when || c.when(draftNow.current)).map(({ when: _when, ...c }) => ({
            ...c,
            onSelect: () => {
              panToSelection.current = true;
              dispatch({ type: 'insert', at, stepType: c.type });
            },
          })),
        }),
      showTestData: (stepId, anchor) => setTestData({ stepId, anchor }),
    }),
    [dispatch],
  );

  useEffect(() => {
    if (!panToSelection.current || !state.selected) return;
    panToSelection.current = false;
    setFocus({ stepId: state.selected, nonce: Date.now() });
  }, [state.selected]);

  useShortcuts({
    undo: () => dispatch({ type: 'undo' }),
    redo: () => dispatch({ type: 'redo' }),
    deleteSelected: () => {
      if (state.selected && state.selected !== 'trigger') dispatch({ type: 'delete', stepId: state.selected });
    },
    escape: () => {
      if (!menu && !testData) select(null);
    },
  });

  const titleOf = (stepId: string) => {
    if (stepId === 'trigger') return triggerInfo(state.draft.trigger, catalogue, [], null).title;
    const step = findStep(state.draft.steps, stepId);
    return step ? stepInfo(step, catalogue, []).title : stepId;
  };
  const pick = (stepId: string) => {
    select(stepId);
    setFocus({ stepId, nonce: Date.now() });
  };
  // A test run that writes, takes a path branch or has records to choose from asks first (test-run-dialog.tsx).
  const testSample = sampleFor(b.sample, state.draft.trigger);
  const knownOutputs = stepOutputs(b.testRun, b.codeOutputs);
  const startTest = () => {
    if (needsConfirm(testPlan(state.draft, catalogue, testSample?.records[0], knownOutputs), testSample?.records.length ?? 0)) setConfirmTest(true);
    else b.test(() => setProblemsOpen(true));
  };
  const saveOrAsk = async (): Promise<boolean> => {
    if (konnector && !b.unnamed) return b.save();
    setNaming(true);
    return false;
  };

  return (
    <div className="-mx-10 -my-8 flex h-screen flex-col bg-slate-50">
      <Toolbar
        workspaceId={workspaceId}
        konnector={konnector}
        dirty={b.dirty}
        unnamed={b.unnamed}
        saving={b.saving || b.creating}
        canUndo={canUndo(state)}
        canRedo={canRedo(state)}
        onUndo={() => dispatch({ type: 'undo' })}
        onRedo={() => dispatch({ type: 'redo' })}
        onRename={b.rename}
        problems={
          <ProblemsButton problems={b.problems} titleOf={titleOf} checking={b.checking} unchecked={b.unchecked} open={problemsOpen} onOpenChange={setProblemsOpen} onPick={pick} />
        }
        testing={b.testing}
        onTest={startTest}
        onSave={() => void saveOrAsk()}
        publishing={b.publishing}
        onPublish={() => void b.publish(() => setProblemsOpen(true))}
        onVersions={() => setDrawer(drawer === 'versions' ? null : 'versions')}
        onRuns={() => setDrawer(drawer === 'runs' ? null : 'runs')}
        onAlerts={() => setDrawer(drawer === 'alerts' ? null : 'alerts')}
        activeSwitch={<ActiveSwitch workspaceId={workspaceId} konnector={konnector} dirty={b.dirty} onSave={saveOrAsk} blocking={b.problems.some((p) => p.code === 'no_action') ? b.problems : []} />}
      />
      {konnector && konnector.status === 'active' && konnector.triggerHealth.state !== 'ok' ? (
        <div className="border-b border-slate-200 bg-white px-4 py-1">
          <TriggerHealthNote health={konnector.triggerHealth} active />
        </div>
      ) : null}
      <div className="relative flex min-h-0 flex-1">
        <div className="relative min-w-0 flex-1" data-testid="builder-canvas">
          <CanvasContext.Provider value={actions}>
            <ReactFlowProvider>
              <Canvas
                draft={state.draft}
                catalogue={catalogue}
                problems={b.problems}
                testRun={b.testRun}
                sampleCount={b.sample ? b.sample.records.length : null}
                selected={state.selected}
                focus={focus}
                onPaneClick={() => select(null)}
                onSelect={select}
              />
            </ReactFlowProvider>
          </CanvasContext.Provider>
        </div>
        {state.selected ? (
          <SaveAsDraftContext.Provider value={konnector ? null : b.saveAsDraft}>
          <SidePanel
            selected={state.selected}
            workspaceId={workspaceId}
            konnector={konnector}
            draft={state.draft}
            sample={b.sample}
            testRun={b.testRun}
            codeOutputs={b.codeOutputs}
            onCodeOutput={b.onCodeOutput}
            problems={b.problems}
            revealAll={b.attempted}
            catalogue={catalogue}
            dispatch={dispatch}
            onSample={b.onSample}
            onClose={() => select(null)}
          />
          </SaveAsDraftContext.Provider>
        ) : null}
        {drawer === 'versions' && konnector ? <VersionsDrawer workspaceId={workspaceId} konnectorId={konnector.id} dirty={b.dirty} onRestored={b.restored} onClose={() => setDrawer(null)} /> : null}
        {drawer === 'alerts' && konnector ? <AlertsDrawer workspaceId={workspaceId} konnectorId={konnector.id} onClose={() => setDrawer(null)} /> : null}
        {drawer === 'runs' && konnector ? <RunsDrawer workspaceId={workspaceId} konnector={konnector} onClose={() => setDrawer(null)} /> : null}
      </div>
      {menu ? <PopoverMenu request={menu} onClose={() => setMenu(null)} /> : null}
      {testData && b.testRun ? <TestData testRun={b.testRun} stepId={testData.stepId} title={titleOf(testData.stepId)} anchor={testData.anchor} onClose={() => setTestData(null)} /> : null}
      {confirmTest ? (
        <TestRunDialog
          draft={state.draft}
          catalogue={catalogue}
          sample={testSample}
          outputs={knownOutputs}
          onClose={() => setConfirmTest(false)}
          onRun={(index) => {
            setConfirmTest(false);
            b.test(() => setProblemsOpen(true), index);
          }}
        />
      ) : null}
      <SaveDialog
        open={naming}
        busy={b.creating}
        onClose={() => setNaming(false)}
        onSave={
          konnector
            ? async (name, description) => {
                await b.nameKonnector(name, description);
                setNaming(false);
              }
            : b.createKonnector
        }
      />
    </div>
  );
}
