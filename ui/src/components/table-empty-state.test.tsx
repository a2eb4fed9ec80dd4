import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { TableEmptyState } from "./table-empty-state";

const ok = { isError: false, error: null, refetch: () => undefined };

describe("TableEmptyState", () => {
  it("shows why the query failed, with a Retry button that fetches again", () => {
    const refetch = vi.fn();
    render(
      <TableEmptyState
        query={{ isError: true, error: new Error("The server is down"), refetch }}
        errorHeader="Could not load the things"
        title="No things yet"
        body="Things appear here."
        notice="Being built"
      />,
    );
    expect(screen.getByText("Could not load the things")).toBeVisible();
    expect(screen.getByText("The server is down")).toBeVisible();
    expect(screen.queryByText("No things yet")).toBeNull();
    expect(screen.queryByText("Being built")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Retry" }));
    expect(refetch).toHaveBeenCalledOnce();
  });

  it("shows a notice instead of the text", () => {
    render(
      <TableEmptyState query={ok} errorHeader="E" title="No things yet" body="B" notice="Wait" />,
    );
    expect(screen.getByText("Wait")).toBeVisible();
    expect(screen.queryByText("No things yet")).toBeNull();
  });

  it("shows the title, the text and the action", () => {
    render(
      <TableEmptyState
        query={ok}
        errorHeader="E"
        title="No matching things"
        body="Nothing matches."
        action={<button type="button">Clear filters</button>}
        notice={false}
      />,
    );
    expect(screen.getByText("No matching things")).toBeVisible();
    expect(screen.getByText("Nothing matches.")).toBeVisible();
    expect(screen.getByRole("button", { name: "Clear filters" })).toBeVisible();
  });
});
