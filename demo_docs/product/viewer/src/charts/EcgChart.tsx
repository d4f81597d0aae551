// ECG trend chart: the only module that imports Chart.js (wrapper).
import { useEffect, useRef } from "react";
import Chart from "chart.js";

import { axisTime } from "../util/dates";

export function EcgChart({ points }: { points: { at: string; bpm: number }[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const chart = new Chart(canvas.current!, {
      type: "line",
      data: { datasets: [{ label: "Heart rate (bpm)", data: points.map((p) => ({ x: axisTime(p.at), y: p.bpm })) }] },
      options: { scales: { xAxes: [{ type: "time" }] } },
    });
    return () => chart.destroy();
  }, [points]);
  return <canvas ref={canvas} />;
}
