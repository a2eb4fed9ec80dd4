import { useState } from "react";

export interface CursorPager {
  /** 1-based page shown now. */
  pageIndex: number;
  /** Pages known so far (every page visited, and each one that a visited page led to). */
  pagesCount: number;
  /** True while the server says there is a page after the last known one. */
  openEnd: boolean;
  /** Moves to a known page, or to the next one when the server gave its cursor. */
  goTo: (pageIndex: number) => void;
}

interface PageState {
  key: string;
  /** cursors[i] opens page i + 2. */
  cursors: string[];
  pageIndex: number;
}

/**
 * Open-ended paging over a cursor API. Remembers the cursors of visited pages so the user can
 * go back, and starts over at page 1 whenever `key` (the search) changes.
 *
 * Returns the cursor to fetch the current page with, and `pager(nextCursor)`: the pagination
 * state once that page's answer (and so the next cursor) is known.
 */
export function useCursorPages(key: string) {
  const [state, setState] = useState<PageState>({ key, cursors: [], pageIndex: 1 });
  const current = state.key === key ? state : { key, cursors: [], pageIndex: 1 };
  if (current !== state) setState(current);

  const { cursors, pageIndex } = current;
  const cursor = pageIndex === 1 ? undefined : cursors[pageIndex - 2];

  const pager = (nextCursor: string | null | undefined): CursorPager => {
    const known = cursors.length + 1;
    const atEnd = pageIndex === known;
    return {
      pageIndex,
      pagesCount: known,
      openEnd: atEnd && Boolean(nextCursor),
      goTo: (requested) => {
        if (requested >= 1 && requested <= known) {
          setState({ ...current, pageIndex: requested });
        } else if (requested === known + 1 && atEnd && nextCursor) {
          setState({ key, cursors: [...cursors, nextCursor], pageIndex: requested });
        }
      },
    };
  };
  return { cursor, pager };
}
