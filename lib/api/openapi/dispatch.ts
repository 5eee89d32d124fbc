// The dispatch area of the API: commands for worker groups, the workers themselves, and work reports.
import {
  commandDetail,
  commandIdParams,
  commandListResponse,
  createCommandBody,
  createCommandResponse,
  listCommandsQuery,
  taskIdParams,
  taskResponse,
  tasksQuery,
  tasksResponse,
  workersQuery,
  workersResponse,
} from '../../dispatch/schemas';
import type { Operation } from './types';

export const dispatchOperations: Operation[] = [
  {
    method: 'post',
    path: '/api/v1/commands',
    tag: 'dispatch',
    summary:
      'Queue a command for a worker group. Accepted even with no live worker (listeners: 0); it waits.',
    body: createCommandBody,
    response: createCommandResponse,
    status: 201,
    errors: [413, 422],
  },
  {
    method: 'get',
    path: '/api/v1/commands',
    tag: 'dispatch',
    summary:
      'Commands, newest first, by group and state; paged with nextCursor. Prunes past the retention policy.',
    query: listCommandsQuery,
    response: commandListResponse,
  },
  {
    method: 'get',
    path: '/api/v1/commands/{id}',
    tag: 'dispatch',
    summary: 'One command: state, per-worker runs (progress, result or error) and timeline.',
    params: commandIdParams,
    response: commandDetail,
    errors: [404],
  },
  {
    method: 'post',
    path: '/api/v1/commands/{id}/cancel',
    tag: 'dispatch',
    summary: 'Cancel: queued runs never start; running handlers see ctx.signal abort. 409 once finished.',
    params: commandIdParams,
    response: commandDetail,
    errors: [404, 409],
  },
  {
    method: 'post',
    path: '/api/v1/commands/{id}/retry',
    tag: 'dispatch',
    summary: 'Run a finished command again as a new command (retryOf points back). 409 while it is active.',
    params: commandIdParams,
    response: createCommandResponse,
    status: 201,
    errors: [404, 409],
  },
  {
    method: 'get',
    path: '/api/v1/workers',
    tag: 'dispatch',
    summary:
      'Worker groups and their live workers: lease, TTL left, capacity, handled types, running commands.',
    query: workersQuery,
    response: workersResponse,
  },
  {
    method: 'get',
    path: '/api/v1/tasks',
    tag: 'dispatch',
    summary: 'Work reports: running ones, and finished or lost ones within the retention policy.',
    query: tasksQuery,
    response: tasksResponse,
  },
  {
    method: 'get',
    path: '/api/v1/tasks/{id}',
    tag: 'dispatch',
    summary: 'One work report; state "lost" when its reporter died, 404 when it never existed.',
    params: taskIdParams,
    response: taskResponse,
    errors: [404],
  },
];
