import Box from "@cloudscape-design/components/box";
import Container from "@cloudscape-design/components/container";
import ContentLayout from "@cloudscape-design/components/content-layout";
import Header from "@cloudscape-design/components/header";
import Link from "@cloudscape-design/components/link";
import { useLocation } from "react-router";
import { useRouterFollow } from "../../components/use-router-follow";

export default function NotFoundPage() {
  const { pathname } = useLocation();
  const onFollow = useRouterFollow();
  return (
    <ContentLayout header={<Header variant="h1">Page not found</Header>}>
      <Container>
        <Box variant="p">
          There is no page at <Box variant="code">{pathname}</Box>. It may have moved, or the link
          may be mistyped.
        </Box>
        <Link href="/" onFollow={onFollow}>
          Go to the home page
        </Link>
      </Container>
    </ContentLayout>
  );
}
