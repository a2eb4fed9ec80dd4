import Pagination, { type PaginationProps } from "@cloudscape-design/components/pagination";
import type { CursorPager } from "./use-cursor-pages";

const ARIA_LABELS: PaginationProps.Labels = {
  nextPageLabel: "Next page",
  previousPageLabel: "Previous page",
  pageLabel: (page) => `Page ${page}`,
};

interface CursorPaginationProps {
  pager: CursorPager;
  /** True while the first page loads. */
  disabled?: boolean;
}

/** A table's pagination over a cursor API, driven by a `useCursorPages` pager. */
export function CursorPagination({ pager, disabled }: CursorPaginationProps) {
  return (
    <Pagination
      currentPageIndex={pager.pageIndex}
      pagesCount={pager.pagesCount}
      openEnd={pager.openEnd}
      disabled={disabled}
      onChange={({ detail }) => pager.goTo(detail.currentPageIndex)}
      ariaLabels={ARIA_LABELS}
    />
  );
}

/** True when the list goes on beyond the page shown: a page after it, or before it. */
export function spansPages(pager: CursorPager): boolean {
  return pager.openEnd || pager.pageIndex > 1;
}

/** A table header's counter: the rows shown, with "+" when there are more on other pages. */
export function pagedCounter(count: number, pager: CursorPager): string {
  return `(${count}${spansPages(pager) ? "+" : ""})`;
}
