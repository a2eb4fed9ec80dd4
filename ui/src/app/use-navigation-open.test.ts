import { act, renderHook } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useNavigationOpen } from "./use-navigation-open";

let width = 1440;

function resizeTo(next: number) {
  width = next;
  act(() => {
    window.dispatchEvent(new Event("resize"));
  });
}

function stubMatchMedia() {
  vi.stubGlobal("matchMedia", (query: string) => {
    const max = Number(/max-width: (\d+)px/.exec(query)?.[1] ?? Infinity);
    return { matches: width <= max, media: query } as MediaQueryList;
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
  width = 1440;
});

describe("useNavigationOpen", () => {
  it("opens the navigation on wide screens and keeps the user's choice", () => {
    stubMatchMedia();
    const { result } = renderHook(() => useNavigationOpen());
    expect(result.current[0]).toBe(true);
    act(() => result.current[1](false));
    expect(result.current[0]).toBe(false);
    resizeTo(1200);
    expect(result.current[0]).toBe(false);
  });

  it("does not let a narrow moment close the navigation for good", () => {
    stubMatchMedia();
    const { result } = renderHook(() => useNavigationOpen());
    // What Chromium does during a full-page screenshot: a 1×1 viewport; AppLayout closes.
    resizeTo(1);
    act(() => result.current[1](false));
    expect(result.current[0]).toBe(false);
    resizeTo(1440);
    expect(result.current[0]).toBe(true);
  });

  it("opens and closes the narrow overlay apart from the wide choice", () => {
    stubMatchMedia();
    const { result } = renderHook(() => useNavigationOpen());
    resizeTo(400);
    expect(result.current[0]).toBe(false);
    act(() => result.current[1](true));
    expect(result.current[0]).toBe(true);
    act(() => result.current[1](false));
    resizeTo(1440);
    expect(result.current[0]).toBe(true);
  });
});
