import { useState } from 'react';

/** Cursor paging: the cursor of the page shown and the ones before it, to go back. */
export function useCursorPages() {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  return {
    cursor: cursors.at(-1),
    hasPrevious: cursors.length > 1,
    previous: () => setCursors((all) => all.slice(0, -1)),
    next: (cursor: string) => setCursors((all) => [...all, cursor]),
    /** Back to the first page (a new filter or search). */
    reset: () => setCursors([undefined]),
  };
}

export type CursorPages = ReturnType<typeof useCursorPages>;

/** Previous / next buttons under a cursor-paged list. */
export function Pager({ pages, nextCursor, labels = ['Previous page', 'Next page'], gap = 12 }: { pages: CursorPages; nextCursor: string | null | undefined; labels?: [string, string]; gap?: number }) {
  return (
    <div className="row" style={{ marginTop: gap }}>
      <button className="btn" disabled={!pages.hasPrevious} onClick={pages.previous}>
        {labels[0]}
      </button>
      <button className="btn" disabled={!nextCursor} onClick={() => nextCursor && pages.next(nextCursor)}>
        {labels[1]}
      </button>
    </div>
  );
}
