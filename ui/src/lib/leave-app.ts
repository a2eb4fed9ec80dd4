/**
 * Full-page navigation away from the app (to the AWS console, say). An object so that tests
 * can replace it: jsdom cannot navigate.
 */
export const leaveApp = {
  assign(url: string): void {
    window.location.assign(url);
  },
};
