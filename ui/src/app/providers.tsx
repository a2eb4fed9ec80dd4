import { I18nProvider } from "@cloudscape-design/components/i18n";
import enMessages from "@cloudscape-design/components/i18n/messages/all.en";
import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";

interface ProvidersProps {
  queryClient: QueryClient;
  children: ReactNode;
}

/** Everything a page needs around it: the query cache and Cloudscape's English strings. */
export function Providers({ queryClient, children }: ProvidersProps) {
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider locale="en" messages={[enMessages]}>
        {children}
      </I18nProvider>
    </QueryClientProvider>
  );
}
