import { render } from 'preact';

render(<p>DashFleet</p>, document.getElementById('app') ?? document.body);
