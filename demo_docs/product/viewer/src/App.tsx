import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { Container, Typography } from "@mui/material";
import { BrowserRouter, Route, Routes } from "react-router-dom";

import { EcgChart } from "./charts/EcgChart";

const queries = new QueryClient();

export default function App() {
  return (
    <QueryClientProvider client={queries}>
      <BrowserRouter>
        <Container>
          <Typography variant="h4">CardioTrack</Typography>
          <Routes>
            <Route path="/" element={<EcgChart points={[]} />} />
          </Routes>
        </Container>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
