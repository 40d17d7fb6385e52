import * as z from 'zod';

/** Handovers whose minutes PDF is still to be drafted. */
export const HANDOVER_MINUTES_QUEUE = 'handover-minutes';

export const handoverMinutesMessage = z.object({ handoverId: z.uuid() });
