/** Task queue names shared by the worker, the connectors that start workflows, and tests. */
export const DEFAULT_TASK_QUEUE = 'docket-packets';
